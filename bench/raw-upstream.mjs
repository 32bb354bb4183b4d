// A fast stand-in provider: a raw node:http server that drains the request and answers canned chat JSON (or
// SSE when the body asks for a stream), so the relay's own work is what a benchmark measures.
import { createServer } from 'node:http';

const json = JSON.stringify({
  id: 'chatcmpl-raw',
  object: 'chat.completion',
  created: 0,
  model: 'raw',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});
const chunk = (delta, finish) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-raw', object: 'chat.completion.chunk', created: 0, model: 'raw', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const sse = `${chunk({ role: 'assistant', content: 'o' })}${chunk({ content: 'k' })}${chunk({}, 'stop')}data: ${JSON.stringify({ id: 'chatcmpl-raw', object: 'chat.completion.chunk', created: 0, model: 'raw', choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })}\n\ndata: [DONE]\n\n`;

const server = createServer((req, res) => {
  let head = '';
  req.on('data', (data) => {
    if (head.length < 4096) head += data.toString('latin1', 0, 4096);
  });
  req.on('end', () => {
    const stream = /"stream"\s*:\s*true/.test(head);
    const body = stream ? sse : json;
    res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.stderr.write(`raw upstream listening on http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
