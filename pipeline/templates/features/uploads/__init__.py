"""Images uploaded to the server, for any kind that asks for photos ("image_upload")."""

from __future__ import annotations

from pipeline.templates.blueprint import INT, STR, FeatureDefinition, blueprint, obj, op, text

BLUEPRINT = blueprint(
    "uploads", "uploads", (),
    op("post", "/api/uploads", "upload_image", "Upload an image", creates=True,
       handler="save_image",
       request=obj(filename=text(255, 1), content_base64={"type": "string", "minLength": 1, "maxLength": 3_000_000}),
       response=obj(url=STR, size=INT, content_type=STR, original_name=STR),
       description="PNG, JPEG, GIF or WebP (read from the bytes), at most 2 MB, stored on disk under a name the "
                   "server picks; served at the returned url, relative to the app. Others are 415, too large 413. "
                   "Each user (or client) keeps at most UPLOADS_PER_CLIENT files and UPLOAD_MB_PER_CLIENT MB "
                   "(429 and 413 past them), and the app UPLOAD_MB_TOTAL MB."),
)  # fmt: skip

DEFINITION = FeatureDefinition(BLUEPRINT, asked_as="image_upload")
