/**
 * Local phases (parsing, hashing) are synchronous work in promise clothing: a chain of
 * resolved promises never lets the event loop read a socket, so requests sent meanwhile
 * (the preflight's listing, the digest index, uploads started early) sit answered but
 * unread until the chain ends. Awaiting this now and then gives them one turn.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** How many files a local phase handles between two turns (a few milliseconds of work). */
export const FILES_PER_TURN = 16;

/** The longest stretch of local work between two turns, whatever the files' sizes. */
export const TURN_BUDGET_MS = 4;

/**
 * Turns for work that runs in several lanes at once (p-limit): a lane that alone awaited
 * nextTurn() would leave the other lanes running on resolved promises, and the loop would
 * get its turn only once every lane had parked, after lanes × FILES_PER_TURN files (tens of
 * milliseconds during which every upload's answer waits). So all lanes share one turn:
 * call the returned function before each file, and await what it returns, if anything.
 * A single synchronous loop (resolving references) uses it too, for the time budget.
 */
export function sharedTurns(
  now: () => number = () => performance.now(),
): () => Promise<void> | undefined {
  let sinceTurn = 0;
  let turnAt = now();
  let pending: Promise<void> | undefined;
  return () => {
    if (pending) return pending;
    if (++sinceTurn < FILES_PER_TURN && now() - turnAt < TURN_BUDGET_MS) return undefined;
    pending = nextTurn().then(() => {
      pending = undefined;
      sinceTurn = 0;
      turnAt = now();
    });
    return pending;
  };
}
