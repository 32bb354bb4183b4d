export type TruncationStage = 'none' | 'cap' | 'clear' | 'drop' | 'hard-cap';

/** What truncation did to one request; logged, and summarised in the `x-llm-relay-context` header. */
export interface TruncationReport {
  /** The furthest stage used. */
  stage: TruncationStage;
  budget: number;
  lowWater: number;
  tokensBefore: number;
  tokensAfter: number;
  messagesBefore: number;
  messagesAfter: number;
  messagesCapped: number;
  toolResultsCleared: number;
  turnsDropped: number;
  messagesDropped: number;
  /** Index (in the request) of the first message kept after the dropped ones; -1 when nothing was dropped. */
  cutIndex: number;
  /** How many of the newest messages the cap and clear stages left alone (the newest turn at least). */
  protectedRecent: number;
}

/** `stage=drop; tokens=201234->110000; budget=180000; dropped=12/30; cleared=5; capped=2; cut=3; protected=4` */
export function formatReport(report: TruncationReport): string {
  return [
    `stage=${report.stage}`,
    `tokens=${report.tokensBefore}->${report.tokensAfter}`,
    `budget=${report.budget}`,
    `dropped=${report.turnsDropped}/${report.messagesDropped}`,
    `cleared=${report.toolResultsCleared}`,
    `capped=${report.messagesCapped}`,
    `cut=${report.cutIndex}`,
    `protected=${report.protectedRecent}`,
  ].join('; ');
}
