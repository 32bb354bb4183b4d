import type { RequestRecord, TruncationStage } from '@llm-relay/core';
import { requestFailed } from '../request-failed.js';

/** One request of a session, as the sessions view charts it: window use before and after the cut. */
export interface SessionPoint {
  requestId: string;
  at: number;
  status: number;
  promptTokens?: number;
  cachedTokens?: number;
  /** Share of the prompt the provider read from its cache, when it said. */
  cachedShare?: number;
  /** From the context engine's report; absent with the engine off. */
  tokensBefore?: number;
  tokensAfter?: number;
  budget?: number;
  stage?: TruncationStage;
  messagesBefore?: number;
  messagesAfter?: number;
  turnsDropped?: number;
  messagesDropped?: number;
  cleared?: number;
  capped?: number;
  protectedRecent?: number;
}

export interface Session {
  id: string;
  /** `client`: the agent named it; `derived`: a hash of the system prompt and task. */
  source: 'client' | 'derived' | undefined;
  firstSeen: number;
  lastSeen: number;
  requests: number;
  errors: number;
  /** Requests the context engine shortened. */
  cuts: number;
  promptTokens: number;
  cachedTokens: number;
  model?: string;
  upstreamModel?: string;
  keyName?: string;
  protocol?: string;
  /** The newest `pointsPerSession` requests, oldest first. */
  points: SessionPoint[];
}

/**
 * The conversations the relay has seen, newest activity last, at most `maxSessions` of them (the one idle
 * longest goes first) with at most `pointsPerSession` requests each: bounded whatever the traffic.
 */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  private lastId: string | undefined;

  constructor(
    readonly maxSessions = 200,
    readonly pointsPerSession = 500,
  ) {}

  add(record: RequestRecord): void {
    const id = record.sessionId;
    if (id === undefined) return;
    let session = this.sessions.get(id);
    if (session === undefined) {
      session = {
        id,
        source: record.sessionSource,
        firstSeen: record.startedAt,
        lastSeen: record.startedAt,
        requests: 0,
        errors: 0,
        cuts: 0,
        promptTokens: 0,
        cachedTokens: 0,
        model: undefined,
        upstreamModel: undefined,
        keyName: undefined,
        protocol: undefined,
        points: [],
      };
      if (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value as string);
      this.sessions.set(id, session);
    } else if (id !== this.lastId) {
      // Re-inserted so that the map's order is the order of last activity.
      this.sessions.delete(id);
      this.sessions.set(id, session);
    }
    this.lastId = id;
    session.lastSeen = record.startedAt;
    session.requests += 1;
    if (requestFailed(record)) session.errors += 1;
    session.promptTokens += record.promptTokens ?? 0;
    session.cachedTokens += record.cachedTokens ?? 0;
    session.model = record.model ?? session.model;
    session.upstreamModel = record.upstreamModel ?? session.upstreamModel;
    session.keyName = record.keyName ?? session.keyName;
    session.protocol = record.protocol ?? session.protocol;
    const report = record.truncation;
    if (report !== undefined && report.stage !== 'none') session.cuts += 1;
    // One literal with every field, so that every point has the same shape.
    const point: SessionPoint = {
      requestId: record.requestId,
      at: record.startedAt,
      status: record.status,
      promptTokens: record.promptTokens,
      cachedTokens: record.cachedTokens,
      cachedShare: record.promptTokens !== undefined && record.promptTokens > 0 && record.cachedTokens !== undefined ? record.cachedTokens / record.promptTokens : undefined,
      tokensBefore: report?.tokensBefore,
      tokensAfter: report?.tokensAfter,
      budget: report?.budget,
      stage: report?.stage,
      messagesBefore: report?.messagesBefore,
      messagesAfter: report?.messagesAfter,
      turnsDropped: report?.turnsDropped,
      messagesDropped: report?.messagesDropped,
      cleared: report?.toolResultsCleared,
      capped: report?.messagesCapped,
      protectedRecent: report?.protectedRecent,
    };
    session.points.push(point);
    // Trimmed in batches: one copy every 64 requests rather than a shift of the whole array on each.
    if (session.points.length >= this.pointsPerSession + 64) session.points.splice(0, session.points.length - this.pointsPerSession);
  }

  /** A session with its newest `pointsPerSession` points. */
  get(id: string): Session | undefined {
    const session = this.sessions.get(id);
    if (session === undefined || session.points.length <= this.pointsPerSession) return session;
    return { ...session, points: session.points.slice(-this.pointsPerSession) };
  }

  /** Every session, most recently active first (their points may hold up to 63 more than the bound). */
  list(): Session[] {
    return [...this.sessions.values()].reverse();
  }

  get size(): number {
    return this.sessions.size;
  }
}
