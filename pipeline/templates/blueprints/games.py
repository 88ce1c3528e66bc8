"""Games: rules, moves and scores on the server where cheating matters; the page draws and asks."""

from __future__ import annotations

from dataclasses import replace

from pipeline.templates.blueprints.types import (
    INT,
    NUM,
    STR,
    Blueprint,
    View,
    arr,
    between,
    blueprint,
    obj,
    op,
    player_board,
    text,
)  # fmt: skip

_NAME = obj(player=text(40, 1))


def _board_game(
    name: str, slug: str, marks: list[str], label: str, view: str, move_field: str, move_max: int, rule: str
) -> Blueprint:
    """A board game against the computer: start, move (the server answers), leaderboard."""
    state = obj(game_id=INT, player=STR, board=arr({"type": "string", "enum": marks}),
                status={"type": "string", "enum": ["playing", "won", "lost", "draw"]}, moves=INT)  # fmt: skip
    return blueprint(
        name, name, (View("play", "Play", view),),
        op("post", f"/api/{slug}/games", f"new_{name}_game", f"Start a game of {label} against the computer",
           call=f"{name}.new_game(db, body.player)", request=_NAME, response=state, creates=True,
           description="A new game: an empty board, the player moves first."),
        op("post", f"/api/{slug}/moves", f"play_{name}_move", "Play a move; the computer answers",
           call=f"{name}.move(db, body.game_id, body.{move_field})",
           request=obj(game_id={"type": "integer", "minimum": 1}, **{move_field: between(0, move_max)}),
           response=state, description=rule),
        op("get", f"/api/{slug}/leaderboard", f"{name}_leaderboard", "Players ranked by wins",
           call=f"{name}.leaderboard(db)", response=player_board(played=INT, wins=INT, losses=INT, draws=INT),
           description="Finished games counted per player, from the server's records."),
    )  # fmt: skip


TIC_TAC_TOE = _board_game(
    "tic_tac_toe",
    "tic-tac-toe",
    ["", "X", "O"],
    "tic-tac-toe",
    "TicTacToeView",
    "cell",
    8,
    "The server checks the move (the game is on, the cell is free), decides the game, and plays the "
    "computer's answer. A taken cell or a finished game is refused with 409.",
)
CONNECT_FOUR = _board_game(
    "connect_four",
    "connect-four",
    ["", "R", "Y"],
    "connect four",
    "ConnectFourView",
    "column",
    6,
    "The player (red) drops a disc in a column; the server lets it fall, refuses a full column or a "
    "finished game with 409, decides the game, and drops the computer's yellow disc.",
)

_ROLL = obj(roll_id=INT, player=STR, count=INT, sides=INT, faces=arr(INT), total=INT)
DICE = blueprint(
    "dice", "dice", (View("roll", "Roll", "DiceView"),),
    op("post", "/api/dice/rolls", "roll_dice", "Roll dice on the server", creates=True,
       call="dice.roll(db, body.player or '', body.count, body.sides)",
       description="1 to 20 dice of 4, 6, 8, 10, 12, 20 or 100 sides, rolled with the server's randomness and kept.",
       request=obj("player", player=text(40), count=between(1, 20), sides=between(2, 100)), response=_ROLL),
    op("get", "/api/dice/history", "dice_history", "The latest rolls", call="dice.history(db)", response=arr(_ROLL)),
    op("get", "/api/dice/stats", "dice_stats", "Rolls, best and average total per player", call="dice.stats(db)",
       response=player_board(rolls=INT, best=INT, average=NUM)),
)  # fmt: skip

_MEMORY = obj(game_id=INT, player=STR, cards=arr(STR), matched=arr(INT), moves=INT,
              status={"type": "string", "enum": ["playing", "won"]})  # fmt: skip
MEMORY = blueprint(
    "memory", "memory", (View("play", "Play", "MemoryView"),),
    op("post", "/api/memory/games", "new_memory_game", "Deal a shuffled deck of pairs", creates=True,
       call="memory.new_game(db, body.player)", request=_NAME, response=_MEMORY,
       description="Sixteen cards face down; the deck stays on the server, so the page cannot peek."),
    op("post", "/api/memory/turns", "turn_memory_cards", "Turn two cards over",
       call="memory.turn(db, body.game_id, body.first, body.second)",
       request=obj(game_id={"type": "integer", "minimum": 1}, first=between(0, 15), second=between(0, 15)),
       response=obj(game_id=INT, first=STR, second=STR, pair=INT, moves=INT, status=STR, matched=arr(INT)),
       description="Shows the two faces; a pair stays face up. Each turn counts as a move; a turned card "
                   "already matched, or the same card twice, is refused with 409."),
    op("get", "/api/memory/leaderboard", "memory_leaderboard", "Fewest moves to clear the board",
       call="memory.leaderboard(db)", response=player_board(best_moves=INT, games=INT)),
)  # fmt: skip

SNAKE = blueprint(
    "snake", "snake", (View("play", "Play", "SnakeView"),),
    op("post", "/api/snake/games", "start_snake_game", "Start a run of snake", creates=True,
       call="snake.start(db, body.player)", request=_NAME, response=obj(game_id=INT, player=STR, started_at=STR),
       description="The server notes when the run started: a score is checked against the time played."),
    op("post", "/api/snake/scores", "submit_snake_score", "Finish a run with its score",
       call="snake.finish(db, body.game_id, body.score)",
       request=obj(game_id={"type": "integer", "minimum": 1}, score=between(0, 10000)),
       response=obj(game_id=INT, player=STR, score=INT, seconds=NUM, best=INT),
       description="A run is finished once (409 after); a score more than the snake could eat in the time "
                   "played is refused with 422."),
    op("get", "/api/snake/leaderboard", "snake_leaderboard", "Best scores", call="snake.leaderboard(db)",
       response=player_board(best=INT, runs=INT)),
)  # fmt: skip

_QUESTION = obj(question_id=INT, text=STR, choices=arr(STR))
QUIZ = blueprint(
    "quiz", "quiz", (View("play", "Play", "QuizView"),),
    op("post", "/api/quiz/games", "start_quiz", "Start a quiz of five questions", creates=True,
       call="quiz.start(db, body.player)", request=_NAME,
       response=obj(game_id=INT, player=STR, questions=arr(_QUESTION)),
       description="Five questions drawn by the server; the answers stay on the server."),
    op("post", "/api/quiz/answers", "answer_quiz_question", "Answer one question",
       call="quiz.answer(db, body.game_id, body.question_id, body.choice)",
       request=obj(game_id={"type": "integer", "minimum": 1}, question_id={"type": "integer", "minimum": 1},
                   choice=between(0, 3)),
       response=obj(correct={"type": "boolean"}, answer=INT, score=INT, answered=INT, finished={"type": "boolean"}),
       description="Checked on the server; each question of a game is answered once (409 after)."),
    op("get", "/api/quiz/leaderboard", "quiz_leaderboard", "Best scores", call="quiz.leaderboard(db)",
       response=player_board(best=INT, games=INT)),
)  # fmt: skip

_TILES = obj(
    game_id=INT,
    player=STR,
    board=arr(INT),
    moves=INT,
    status={"type": "string", "enum": ["playing", "solved"]},
)
SLIDING = blueprint(
    "sliding", "sliding", (View("play", "Play", "SlidingView"),),
    op("post", "/api/sliding/games", "new_sliding_game", "Shuffle a new 15 puzzle", creates=True,
       call="sliding.new_game(db, body.player)", request=_NAME, response=_TILES,
       description="Shuffled by legal moves from the solved board, so it can always be solved."),
    op("post", "/api/sliding/moves", "play_sliding_move", "Slide a tile into the gap",
       call="sliding.move(db, body.game_id, body.tile)",
       request=obj(game_id={"type": "integer", "minimum": 1}, tile=between(1, 15)), response=_TILES,
       description="Only a tile beside the gap slides (409 otherwise); the move count is the server's."),
    op("get", "/api/sliding/leaderboard", "sliding_leaderboard", "Fewest moves to solve",
       call="sliding.leaderboard(db)", response=player_board(best_moves=INT, solved=INT)),
)  # fmt: skip

_WORD_GAME = obj(game_id=INT, player=STR, status=STR, tries_left=INT, answer=STR,
                 guesses=arr(obj(word=STR, marks=STR)))  # fmt: skip
WORD_GAME = blueprint(
    "word_game", "word_game", (View("play", "Play", "WordGameView"),),
    op("post", "/api/word-game/games", "new_word_game", "Pick a hidden five-letter word", creates=True,
       call="word_game.new_game(db, body.player)", request=_NAME, response=_WORD_GAME,
       description="The word stays on the server until the game ends."),
    op("post", "/api/word-game/guesses", "guess_word", "Guess the word",
       call="word_game.guess(db, body.game_id, body.word)",
       request=obj(game_id={"type": "integer", "minimum": 1}, word=text(5, 5)), response=_WORD_GAME,
       description="Scored on the server, letter by letter (g: right place, y: elsewhere, -: not in it); six tries."),
    op("get", "/api/word-game/leaderboard", "word_game_leaderboard", "Wins per player",
       call="word_game.leaderboard(db)", response=player_board(wins=INT, played=INT)),
)  # fmt: skip

_GAME_ID = {"type": "integer", "minimum": 1}
_CHESS = obj(
    game_id=INT, white=STR, black=STR, opponent=STR, fen=STR, turn=STR, check={"type": "boolean"},
    status={"type": "string", "enum": ["playing", "checkmate", "stalemate", "draw"]}, result=STR, reason=STR,
    board=arr(STR), history=arr(STR), last=STR, legal=arr(STR),
)  # fmt: skip
CHESS = replace(
    blueprint(
        "chess", "chess_games", (View("play", "Play", "ChessView"),),
        op("post", "/api/chess/games", "new_chess_game", "Start a game of chess", creates=True,
           call="chess_games.new_game(db, body.white, body.black, body.opponent)",
           request=obj("black", "opponent", white=text(40, 1), black=text(40),
                       opponent={"type": "string", "enum": ["friend", "computer"]}),
           response=_CHESS,
           description="White moves first; the opponent is a friend on the same screen or the computer."),
        op("post", "/api/chess/moves", "play_chess_move", "Play a move in UCI (e2e4) or SAN (Nf3)",
           call="chess_games.move(db, body.game_id, body.move)",
           request=obj(game_id=_GAME_ID, move=text(12, 2)), response=_CHESS,
           description="Legal moves are python-chess's: an illegal move is refused with 409 and its reason; "
                       "check, mate, stalemate and draws are decided on the server."),
        op("get", "/api/chess/game", "get_chess_game", "One game as it stands",
           call="chess_games.game(db, game_id)", query={"game_id": _GAME_ID}, response=_CHESS),
        op("get", "/api/chess/games", "list_chess_games", "The latest games and how they ended",
           call="chess_games.recent(db)",
           response=arr(obj(game_id=INT, white=STR, black=STR, status=STR, result=STR, reason=STR, moves=INT))),
    ),
    pins=(("chess", "1.10.0"),),
)  # fmt: skip

_2048 = obj(game_id=INT, player=STR, board=arr(INT), score=INT, moves=INT, won={"type": "boolean"}, best=INT,
            status={"type": "string", "enum": ["playing", "over"]})  # fmt: skip
GAME_2048 = blueprint(
    "game_2048", "game_2048", (View("play", "Play", "Game2048View"),),
    op("post", "/api/game-2048/games", "new_2048_game", "Start a game of 2048", creates=True,
       call="game_2048.new_game(db, body.player)", request=_NAME, response=_2048,
       description="A 4 by 4 board with two tiles placed by the server."),
    op("post", "/api/game-2048/moves", "play_2048_move", "Slide every tile one way",
       call="game_2048.move(db, body.game_id, body.direction)",
       request=obj(game_id=_GAME_ID, direction={"type": "string", "enum": ["left", "right", "up", "down"]}),
       response=_2048,
       description="Tiles slide and merge once per move on the server, which adds the points and a new tile; "
                   "a move that moves nothing, or one after the game is over, is refused with 409."),
    op("get", "/api/game-2048/leaderboard", "game_2048_leaderboard", "Best scores",
       call="game_2048.leaderboard(db)", response=player_board(best=INT, games=INT)),
)  # fmt: skip

_HAND = obj(hand_id=INT, player=STR, bet=INT, cards=arr(STR), total=INT, soft={"type": "boolean"},
            dealer=arr(STR), dealer_total=INT, hidden=INT, payout=INT, balance=INT, best=INT, actions=arr(STR),
            status={"type": "string", "enum": ["playing", "won", "lost", "bust", "push", "blackjack"]})  # fmt: skip
BLACKJACK = blueprint(
    "blackjack", "blackjack", (View("play", "Play", "BlackjackView"),),
    op("post", "/api/blackjack/hands", "deal_blackjack_hand", "Bet and deal a hand of blackjack", creates=True,
       call="blackjack.deal(db, body.player, body.bet)",
       request=obj(player=text(40, 1), bet=between(1, 1000000)), response=_HAND,
       description="Two cards each from a shoe shuffled on the server; the dealer's hole card and the shoe stay "
                   "there until the hand ends. A bet over the balance is refused with 409."),
    op("post", "/api/blackjack/actions", "play_blackjack_action", "Hit, stand or double down",
       call="blackjack.act(db, body.hand_id, body.action)",
       request=obj(hand_id=_GAME_ID, action={"type": "string", "enum": ["hit", "stand", "double"]}),
       response=_HAND,
       description="The dealer draws to 17 and stands on soft 17; blackjack pays 3:2. Acting on a finished "
                   "hand, or doubling after the first two cards, is refused with 409 and its reason."),
    op("get", "/api/blackjack/leaderboard", "blackjack_leaderboard", "Best balances",
       call="blackjack.leaderboard(db)", response=player_board(best=INT, balance=INT, hands=INT)),
)  # fmt: skip

GAMES = tuple(
    replace(b, uses=(*b.uses, "rules", "games"))
    for b in (
        TIC_TAC_TOE,
        CONNECT_FOUR,
        DICE,
        MEMORY,
        SNAKE,
        QUIZ,
        SLIDING,
        WORD_GAME,
        CHESS,
        GAME_2048,
        BLACKJACK,
    )
)
"""Each raises the errors of ``app/rules.py`` (the web layer answers them) and keeps its games
through ``app/games.py``."""
