// Runs after every install (package.json "postinstall"): mends postgres.js 3.4.9's lost-connection
// fault (porsager/postgres#1208) in the installed copy. Plain Node, idempotent, and loud: if the
// installed driver is not the text this patch expects (an upgrade), the install fails instead of
// silently running unmended — then check whether the new version still needs it, and update or
// remove this patch.
//
// The fault: when Postgres closes a connection (restart, failover, pg_terminate_backend, a proxy),
// the driver sets its socket to null, yet a transaction's next statement, ROLLBACK or COMMIT is still
// written to it. The write batched on setImmediate then throws a TypeError from the driver's timer
// (an uncaught exception), and — worse — leaves its bytes and timer behind: the next connect of that
// pool slot sends them ahead of its startup message and never finishes connecting (CONNECT_TIMEOUT,
// again and again). Each fault poisons one slot of the pool for good, so a few restarts stall a
// process's database access entirely. The mend: a statement for a closed connection is rejected with
// CONNECTION_CLOSED at once, and a close drops whatever was waiting to be written. A second fault of
// the same close: the FATAL error Postgres sends before it (57P01 on pg_terminate_backend, 57P03 while
// starting up) stays behind, and the first statement on the slot's next connection fails with it;
// the mend forgets it at the close.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const MARK = 'outpost: porsager/postgres#1208';

const edits = [
  {
    what: 'a statement for a closed connection is rejected, never written',
    find: "      return queryError(q, Errors.connection('CONNECTION_DESTROYED', options))\n",
    replace:
      "      return queryError(q, Errors.connection('CONNECTION_DESTROYED', options))\n\n" +
      `    if (!socket) // ${MARK}: the connection closed; a write now would fault and poison the next connect\n` +
      "      return queryError(q, Errors.connection('CONNECTION_CLOSED', options)), true\n",
  },
  {
    what: 'a batched write finding the socket gone is dropped',
    find: '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)\n',
    replace:
      '  function nextWrite(fn) {\n' +
      `    if (!socket) { // ${MARK}\n` +
      '      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n' +
      '      chunk = nextWriteTimer = null\n' +
      '      return false\n' +
      '    }\n' +
      '    const x = socket.write(chunk, fn)\n',
  },
  {
    what: 'a close drops what was waiting to be written',
    find: '    remaining = 0\n    incomings = null\n    clearImmediate(nextWriteTimer)\n',
    replace: `    remaining = 0\n    incomings = null\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null // ${MARK}\n`,
  },
  {
    what: "a close forgets the old connection's last error",
    find: '    socket.removeAllListeners()\n    socket = null\n\n    if (initial)\n',
    replace: `    socket.removeAllListeners()\n    socket = null\n    errorResponse = null // ${MARK}: else the next connection's first statement fails with it\n\n    if (initial)\n`,
  },
];

// A reserved connection (sql.reserve(), behind pipelined statements) that closes while reserved: the
// statements queued behind the first were never sent and never settled (their callers hung for good),
// and release() put the dead connection into the pool's open list, where every later statement on it
// failed at once and the slot never came back; the same when it closed between being handed to
// reserve() and reserve() going on. The mend: its queued statements are rejected at the close, a
// connection that closed before reserve() took it is refused (CONNECTION_CLOSED, the caller tries
// again), and a release after a close leaves the connection to the pool, which reconnects it. And a
// reserve() whose connect failed stayed queued in the pool: the connection handed to it later was
// held by no one for good (each failover leaked a few slots until the pool had none): it now goes
// straight back to the pool. Last, a connection closing while reserve() requests wait reconnected
// with the first of them as its reason and dropped it (a reserve request is served from the queue,
// never as a connection's first statement): those reserve() calls waited for ever. It stays queued.
const reserveEdits = [
  {
    what: 'a connection that closed between being handed to reserve() and reserve() going on is not taken',
    find:
      '      : await new Promise((resolve, reject) => {\n' +
      '        const query = { reserve: resolve, reject }\n' +
      '        queries.push(query)\n' +
      '        closed.length && connect(closed.shift(), query)\n' +
      '      })\n\n' +
      '    move(c, reserved)\n',
    replace:
      '      : await new Promise((resolve, reject) => {\n' +
      // A request rejected (its connect failed) stays in the pool's queue; when a connection is handed
      // to it later, it goes straight back to the pool instead of being held by no one for good.
      '        const query = { reserve: x => rejected ? onopen(x) : (handedFrom = x.queue, resolve(x)), reject: e => (rejected = true, reject(e)) }\n' +
      '        queries.push(query)\n' +
      '        closed.length && connect(closed.shift(), query)\n' +
      '      })\n\n' +
      `    if (handedFrom && c.queue !== handedFrom) // ${MARK}: it closed meanwhile; the pool owns (and reconnects) it\n` +
      "      throw Errors.connection('CONNECTION_CLOSED', options)\n" +
      '    move(c, reserved)\n',
  },
  {
    what: 'reserve() remembers where its connection was handed over from',
    find: '  async function reserve() {\n    const queue = Queue()\n',
    replace: `  async function reserve() {\n    const queue = Queue()\n    let handedFrom, rejected = false // ${MARK}\n`,
  },
  {
    what: 'a reserve() request taken as the reason to reconnect a closed connection stays queued',
    find: '    queries.length && connect(c, queries.shift())\n  }\n',
    replace:
      `    if (queries.length) { // ${MARK}: a reserve() request is only a reason to connect; onopen serves it from the queue\n` +
      '      const next = queries.shift()\n' +
      '      next.reserve && queries.push(next)\n' +
      '      connect(c, next)\n' +
      '    }\n' +
      '  }\n',
  },
  {
    what: "a reserved connection's queued statements are rejected when it closes",
    find: '    c.reserved.release = true\n',
    replace:
      '    c.reserved.release = true\n' +
      `    c.onclose = (e) => { while (queue.length) queue.shift().reject(e) } // ${MARK}\n`,
  },
  {
    what: 'a release after a close leaves the connection to the pool',
    find: '    sql.release = () => {\n      c.reserved = null\n      onopen(c)\n    }\n',
    replace:
      '    sql.release = () => {\n' +
      '      c.reserved = null\n' +
      `      c.onclose = null // ${MARK}: closed meanwhile, the pool owns (and reconnects) it\n` +
      '      c.queue === reserved && onopen(c)\n' +
      '    }\n',
  },
];

const targets = [
  ...['src', 'cjs/src', 'cf/src'].map((dir) => ({ file: `${dir}/connection.js`, edits })),
  ...['src', 'cjs/src', 'cf/src'].map((dir) => ({ file: `${dir}/index.js`, edits: reserveEdits })),
].map((t) => ({ ...t, file: path.join(root, 'node_modules', 'postgres', t.file) }));
let patched = 0;
for (const { file, edits } of targets) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // this build of the driver does not ship that flavour
  }
  if (text.includes(MARK)) continue;
  for (const edit of edits) {
    if (text.split(edit.find).length !== 2) {
      console.error(`[patch] postgres: cannot apply "${edit.what}" to ${path.relative(root, file)}: the installed driver is not the text this patch expects (see scripts/patch-dependencies.mjs)`);
      process.exit(1);
    }
    text = text.replace(edit.find, edit.replace);
  }
  // A new file, not an edit in place: node_modules may be hard-linked to another checkout's.
  writeFileSync(`${file}.outpost-tmp`, text);
  renameSync(`${file}.outpost-tmp`, file);
  patched++;
}
if (patched) console.log(`[patch] postgres: mended the lost-connection fault (porsager/postgres#1208) in ${patched} file(s)`);
