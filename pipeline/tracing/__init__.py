"""Runs you can inspect afterwards: the run store, checkpoints, trace rendering, OTel, replay."""
