/**
 * Local phases (parsing, hashing) are synchronous work in promise clothing: a chain of
 * resolved promises never lets the event loop read a socket, so requests sent meanwhile
 * (the preflight's listing, the digest index, uploads started early) sit answered but
 * unread until the chain ends. Awaiting this now and then gives them one turn.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** How many files a local phase handles between two turns (a few milliseconds of work). */
export const FILES_PER_TURN = 16;
