// A real SMTP server on 127.0.0.1 for the tests (nodemailer's smtp-server package, pinned in the root package.json).
//
// Usage: node loopback-smtp-server.mjs '<settings as JSON>', every setting optional:
//   "user", "password": require AUTH PLAIN or LOGIN with these (allowed without TLS: the server only listens on loopback);
//   "refusals": { "who@example.test": { "code": 550, "message": "Mailbox unavailable" } } answers RCPT TO for those recipients;
//   "idleTimeoutMs": closes a connection that has been quiet this long, as real servers do (default one minute).
//
// It listens on a free port and prints that port as the first line on stdout, then one JSON line per accepted message:
//   { "session": "<connection id>", "from": "...", "to": ["..."], "user": "<who logged in, or null>", "raw": "<the message, base64>" }
// and one per closed connection: { "closed": "<connection id>" }.
// It exits when its stdin closes, so it never outlives the test process that started it.
import { SMTPServer } from 'smtp-server';

const settings = JSON.parse(process.argv[2] ?? '{}');
const refusals = new Map(Object.entries(settings.refusals ?? {}).map(([address, answer]) => [address.toLowerCase(), answer]));
const requiresAuth = typeof settings.user === 'string';

const server = new SMTPServer({
    name: 'loopback-smtp.test',
    disabledCommands: requiresAuth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !requiresAuth,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    disableReverseLookup: true,
    logger: false,
    socketTimeout: settings.idleTimeoutMs ?? 60000,
    onAuth(auth, session, callback) {
        if (auth.username === settings.user && auth.password === settings.password) {
            callback(null, { user: auth.username });
            return;
        }

        const refused = new Error('Authentication credentials invalid');
        refused.responseCode = 535;
        callback(refused);
    },
    onRcptTo(address, session, callback) {
        const answer = refusals.get(address.address.toLowerCase());
        if (answer === undefined) {
            callback();
            return;
        }

        const refused = new Error(answer.message);
        refused.responseCode = answer.code;
        callback(refused);
    },
    onData(stream, session, callback) {
        const chunks = [];
        stream.on('data', chunk => chunks.push(chunk));
        stream.on('end', () => {
            const received = {
                session: session.id,
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                to: session.envelope.rcptTo.map(recipient => recipient.address),
                user: session.user ?? null,
                raw: Buffer.concat(chunks).toString('base64'),
            };
            process.stdout.write(JSON.stringify(received) + '\n');
            callback(null, 'Queued');
        });
    },
    onClose(session) {
        process.stdout.write(JSON.stringify({ closed: session.id }) + '\n');
    },
});

server.on('error', error => process.stderr.write(`${error.message}\n`));
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.server.address().port}\n`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
