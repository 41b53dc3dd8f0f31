import { LiquidError } from 'liquidjs';

export type TemplateErrorKind = 'parse' | 'render' | 'limit';

export interface TemplatePosition {
  line: number;
  column: number;
}

/** A template or condition failed; `line`/`column` (1-based) point into the template source when known. */
export class TemplateError extends Error {
  readonly kind: TemplateErrorKind;
  readonly line?: number;
  readonly column?: number;
  /** The message without the position suffix, for UIs that show the position separately. */
  readonly detail: string;
  /** For an undefined variable: its name as written (`input.titel`). */
  readonly variable?: string;

  constructor(detail: string, kind: TemplateErrorKind, position?: TemplatePosition, variable?: string) {
    super(position ? `${detail} (line ${position.line}, column ${position.column})` : detail);
    this.name = 'TemplateError';
    this.kind = kind;
    this.detail = detail;
    if (position) {
      this.line = position.line;
      this.column = position.column;
    }
    if (variable !== undefined) this.variable = variable;
  }
}

/** An API error detail for a template failure: the field at fault plus where in it. */
export type TemplateErrorDetail = { path: string; message: string; line?: number; column?: number; variable?: string };

export function templateErrorDetail(error: TemplateError, path: string): TemplateErrorDetail {
  return {
    path,
    message: error.message,
    ...(error.line !== undefined ? { line: error.line, column: error.column } : {}),
    ...(error.variable !== undefined ? { variable: error.variable } : {}),
  };
}

/** Thrown by the engine's emitter when the rendered output grows past the cap. */
export class OutputLimitError extends Error {
  constructor(maxBytes: number) {
    super(`output larger than ${Math.round(maxBytes / 1024)} KiB`);
    this.name = 'OutputLimitError';
  }
}

// liquidjs reports its DoS limits as plain assertion messages.
const LIQUID_LIMIT_MESSAGES: Record<string, string> = {
  'template render limit exceeded': 'render time limit exceeded',
  'memory alloc limit exceeded': 'render memory limit exceeded',
  'parse length limit exceeded': 'template too long',
};

const POSITION_SUFFIX = /, line:\d+, col:\d+$/u;
const UNDEFINED_VARIABLE = /^undefined variable: (.+)$/u;

function positionOf(err: LiquidError): TemplatePosition | undefined {
  const [line, column] = err.token?.getPosition?.() ?? [];
  return line !== undefined && column !== undefined ? { line, column } : undefined;
}

/** Converts anything thrown by liquidjs (or by our filters inside it) into a TemplateError. */
export function toTemplateError(err: unknown, fallbackKind: 'parse' | 'render'): TemplateError {
  if (err instanceof TemplateError) return err;
  const liquidError = LiquidError.is(err) ? err : undefined;
  const original: unknown = liquidError ? liquidError.originalError : err;
  const position = liquidError ? positionOf(liquidError) : undefined;
  if (original instanceof OutputLimitError) return new TemplateError(original.message, 'limit', position);
  const message = original instanceof Error ? original.message : liquidError ? liquidError.message : String(err);
  const detail = message.replace(POSITION_SUFFIX, '');
  const limitMessage = LIQUID_LIMIT_MESSAGES[detail];
  if (limitMessage) return new TemplateError(limitMessage, 'limit', position);
  const isParseError = liquidError?.name === 'ParseError' || liquidError?.name === 'TokenizationError';
  const variable = liquidError?.name === 'UndefinedVariableError' ? UNDEFINED_VARIABLE.exec(detail)?.[1] : undefined;
  return new TemplateError(detail, isParseError ? 'parse' : fallbackKind, position, variable);
}
