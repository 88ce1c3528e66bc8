"""Quiz: a game whose rules and scores are kept on the server; the page draws and asks."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    INT,
    PLAYER,
    STR,
    arr,
    between,
    game,
    game_kind,
    obj,
    op,
    player_board,
)

_QUESTION = obj(question_id=INT, text=STR, choices=arr(STR))
BLUEPRINT = game(
    "quiz", "quiz", "QuizView",
    op("post", "/api/quiz/games", "start_quiz", "Start a quiz of five questions", creates=True,
       handler="start", request=PLAYER,
       response=obj(game_id=INT, player=STR, questions=arr(_QUESTION)),
       description="Five questions drawn by the server; the answers stay on the server."),
    op("post", "/api/quiz/answers", "answer_quiz_question", "Answer one question",
       handler="answer",
       request=obj(game_id={"type": "integer", "minimum": 1}, question_id={"type": "integer", "minimum": 1},
                   choice=between(0, 3)),
       response=obj(correct={"type": "boolean"}, answer=INT, score=INT, answered=INT, finished={"type": "boolean"}),
       description="Checked on the server; each question of a game is answered once (409 after)."),
    op("get", "/api/quiz/leaderboard", "quiz_leaderboard", "Best scores", handler="leaderboard",
       response=player_board(best=INT, games=INT)),
)  # fmt: skip

DEFINITION = game_kind(
    BLUEPRINT,
    120,
    r"\bquiz(zes|z?ing)?\b|\btrivia\b",
    "Quiz",
    does=("ask", "answer", "test"),
)  # fmt: skip
