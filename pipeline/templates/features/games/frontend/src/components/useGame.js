import { useCallback, useEffect, useState } from 'react';

// What every game view keeps the same way: the player's name, the game as the server last
// answered it, the server's refusal as the error, and the leaderboard (loaded at first and again
// whenever a game ends). `load` is the API call that reads the leaderboard.
export default function useGame(load) {
  const [player, setPlayer] = useState('');
  const [game, setGame] = useState(null);
  const [error, setError] = useState('');
  const [leaders, setLeaders] = useState([]);

  const loadLeaders = useCallback(() => load().then(setLeaders).catch(() => setLeaders([])), [load]);
  useEffect(() => { loadLeaders(); }, [loadLeaders]);

  // Runs `work` (which calls the server); a refusal becomes the error. The work binds each
  // answer itself (`const next = await …`), so the contract check still reads its keys.
  async function attempt(work) {
    setError('');
    try {
      await work();
    } catch (e) {
      setError(e.message);
    }
  }

  // A call whose answer is the game (a new game, a move): shown, and counted once it has ended.
  function play(call) {
    return attempt(async () => {
      const next = await call();
      setGame(next);
      if (next.status !== 'playing') loadLeaders();
    });
  }

  return { player, setPlayer, game, setGame, error, setError, leaders, loadLeaders, attempt, play };
}
