// Test support (not exported): reads Anthropic SSE text back and throws on the first event Claude Code
// would choke on. Lives beside the writer because its tests are the only users.

export interface CheckedBlock {
  type: 'text' | 'thinking' | 'tool_use';
  id?: string;
  name?: string;
  /** The concatenated text, thinking or partial_json of the block's deltas. */
  text: string;
}

export interface CheckedStream {
  names: string[];
  blocks: CheckedBlock[];
  end: 'message_stop' | 'error';
  stopReason?: string;
  usage?: Record<string, number>;
  error?: { type: string; message: string };
}

const DELTA_BLOCK: Readonly<Record<string, CheckedBlock['type']>> = {
  text_delta: 'text',
  input_json_delta: 'tool_use',
  thinking_delta: 'thinking',
  signature_delta: 'thinking',
};

/** Parses `event:`/`data:` pairs and checks the order rules of PROTOCOLS.md; returns what the client would see. */
export function checkAnthropicEvents(sse: string): CheckedStream {
  const events = parseEvents(sse);
  const result: CheckedStream = { names: events.map((event) => event.name), blocks: [], end: 'message_stop' };
  let open: { index: number; block: CheckedBlock; signed: boolean } | undefined;
  let phase: 'before' | 'content' | 'delta' | 'ended' = 'before';
  for (const [position, { name, data }] of events.entries()) {
    function fail(why: string): never {
      throw new Error(`event ${position} (${name}): ${why}\n${result.names.join(' ')}`);
    }
    if (data.type !== name) fail(`data.type is ${String(data.type)}`);
    if (phase === 'ended') fail('event after the end of the stream');
    if (name === 'error') {
      result.end = 'error';
      result.error = data.error as CheckedStream['error'];
      phase = 'ended';
      continue;
    }
    if (phase === 'before' && name !== 'message_start') fail('the first event must be message_start');
    if (name === 'message_start') {
      if (phase !== 'before') fail('second message_start');
      phase = 'content';
    } else if (name === 'ping') {
      // Allowed anywhere after message_start.
    } else if (name === 'content_block_start') {
      if (phase !== 'content') fail('block after message_delta');
      if (open !== undefined) fail(`block ${open.index} is still open`);
      if (data.index !== result.blocks.length) fail(`index ${String(data.index)}, expected ${result.blocks.length}`);
      const start = data.content_block as Record<string, unknown>;
      const block: CheckedBlock = { type: start.type as CheckedBlock['type'], text: '' };
      if (block.type === 'tool_use') {
        if (typeof start.id !== 'string' || start.id === '' || typeof start.name !== 'string' || start.name === '') fail('tool_use without id or name');
        if (JSON.stringify(start.input) !== '{}') fail('tool_use input must be {} at start');
        block.id = start.id as string;
        block.name = start.name as string;
      }
      result.blocks.push(block);
      open = { index: data.index as number, block, signed: false };
    } else if (name === 'content_block_delta') {
      if (open === undefined || data.index !== open.index) fail(`delta to block ${String(data.index)}, which is not open`);
      const delta = data.delta as Record<string, unknown>;
      const { block } = open;
      if (DELTA_BLOCK[delta.type as string] !== block.type) fail(`${String(delta.type)} to a ${block.type} block`);
      if (open.signed) fail('delta after signature_delta');
      if (delta.type === 'signature_delta') open.signed = true;
      else block.text += String(delta.text ?? delta.thinking ?? delta.partial_json);
    } else if (name === 'content_block_stop') {
      if (open === undefined || data.index !== open.index) fail(`stop of block ${String(data.index)}, which is not open`);
      if (open.block.type === 'thinking' && !open.signed) fail('thinking block closed without signature_delta');
      open = undefined;
    } else if (name === 'message_delta') {
      if (phase !== 'content' || open !== undefined) fail('message_delta with a block open or twice');
      result.stopReason = (data.delta as Record<string, string>).stop_reason;
      result.usage = data.usage as Record<string, number>;
      phase = 'delta';
    } else if (name === 'message_stop') {
      if (phase !== 'delta') fail('message_stop without message_delta');
      phase = 'ended';
    } else {
      fail('unknown event');
    }
  }
  if (phase !== 'ended') throw new Error(`stream did not end with message_stop or error: ${result.names.join(' ')}`);
  return result;
}

function parseEvents(sse: string): { name: string; data: Record<string, unknown> }[] {
  if (sse !== '' && !sse.endsWith('\n\n')) throw new Error('SSE text must end with a blank line');
  return sse
    .split('\n\n')
    .filter((chunk) => chunk !== '')
    .map((chunk) => {
      const match = /^event: ([a-z_]+)\ndata: (.+)$/.exec(chunk);
      if (match === null) throw new Error(`not an event:/data: pair: ${JSON.stringify(chunk)}`);
      return { name: match[1] as string, data: JSON.parse(match[2] as string) as Record<string, unknown> };
    });
}
