import {
  AVANTLINK_RETURNS_FILE_COLUMNS,
  AVANTLINK_RETURNS_FILE_DAYS,
  DAY_MS,
  ValidationError,
  type ValidationIssue,
} from '@affiliate-relay/core';
import { formatAdjustmentAmount } from './adjustment';

/*
 * AvantLink's batch returns file (CSV), for shops that upload files instead of calling the legacy
 * API, or while it is unavailable. Documented: the header row below, in this order, and returns
 * within 30 days of the sale. NOTE: UNCONFIRMED: whether `Return Item Amount` is per unit or for the
 * line, and the values of `Return Reason Code` (this SDK writes the adjustment type, `RETURN`…).
 */

/** One line of the returns file. */
export interface ReturnsFileRow {
  /** The order number, as reported to AvantLink (`Transaction/Order ID`). Required. */
  orderId: string;
  /** The product's SKU (`Product ID/SKU`). Default: `''` (the whole order). */
  sku?: string;
  /** The amount to reverse for this line, above zero, at most 2 decimals (`Return Item Amount`). Required. */
  amount: number | string;
  /** Items returned (`Return Item Quantity`), a whole number above zero. Default: 1. */
  quantity?: number;
  /** Why (`Return Reason Code`). Default: `''`. */
  reasonCode?: string;
  /** When the order was sold: a row older than 30 days is refused (AvantLink takes none). Default: not checked. */
  soldAt?: Date | number;
}

/** Options of {@link toReturnsFileCsv}. */
export interface ReturnsFileOptions {
  /** The integer merchant id of AvantLink's legacy API (`Merchant ID`), not the UUID. Required. */
  merchantId: number | string;
  /** The time rows' `soldAt` are checked against. Default: `Date.now()`. */
  now?: Date | number;
}

/**
 * The batch returns file: a header row in AvantLink's column order, then one row per return; RFC
 * 4180 CSV (CRLF line ends, a field with a comma, quote, line break or edge space quoted, quotes
 * doubled); amounts as plain decimals (`49.9` → `49.90`). Throws a ValidationError naming every bad
 * field (`rows.2.amount`…) and writes nothing then.
 *
 * @example
 * const csv = toReturnsFileCsv(
 *   [{ orderId: '12345', sku: 'TENT-2', amount: 49.95, quantity: 1, reasonCode: 'RETURN' }],
 *   { merchantId: 12345 },
 * );
 * // 'Merchant ID,Transaction/Order ID,Product ID/SKU,Return Item Amount,Return Item Quantity,Return Reason Code\r\n12345,12345,TENT-2,49.95,1,RETURN\r\n'
 */
export function toReturnsFileCsv(rows: readonly ReturnsFileRow[], options: ReturnsFileOptions): string {
  const issues: ValidationIssue[] = [];
  const merchantId = String(options?.merchantId ?? '');
  if (!/^[1-9]\d{0,15}$/.test(merchantId)) {
    issues.push({
      path: 'merchantId',
      message: 'must be the integer merchant id of the legacy API (not the UUID)',
    });
  }
  if (!Array.isArray(rows))
    throw new ValidationError('AvantLink returns file', [{ path: 'rows', message: 'an array is expected' }]);
  const now = toTime(options?.now ?? Date.now());
  const lines = [AVANTLINK_RETURNS_FILE_COLUMNS.map(field).join(',')];
  rows.forEach((row, index) => {
    const at = `rows.${index}`;
    const rowIssues: ValidationIssue[] = [];
    const amount = formatAdjustmentAmount(row?.amount, rowIssues);
    const quantity = row?.quantity ?? 1;
    if (typeof row?.orderId !== 'string' || row.orderId === '') {
      rowIssues.push({ path: 'orderId', message: 'the order number is required' });
    }
    if (!Number.isSafeInteger(quantity) || quantity < 1) {
      rowIssues.push({ path: 'quantity', message: 'must be a whole number above zero' });
    }
    for (const key of ['sku', 'reasonCode'] as const) {
      if (row?.[key] !== undefined && typeof row[key] !== 'string')
        rowIssues.push({ path: key, message: 'must be text' });
    }
    if (row?.soldAt !== undefined) {
      const soldAt = toTime(row.soldAt);
      if (Number.isNaN(soldAt)) rowIssues.push({ path: 'soldAt', message: 'must be a date' });
      else if (now - soldAt > AVANTLINK_RETURNS_FILE_DAYS * DAY_MS) {
        rowIssues.push({
          path: 'soldAt',
          message: `sold more than ${AVANTLINK_RETURNS_FILE_DAYS} days ago: AvantLink takes returns within ${AVANTLINK_RETURNS_FILE_DAYS} days of the sale`,
        });
      }
    }
    for (const issue of rowIssues) issues.push({ path: `${at}.${issue.path}`, message: issue.message });
    if (rowIssues.length > 0) return;
    lines.push(
      [merchantId, row.orderId, row.sku ?? '', amount, String(quantity), row.reasonCode ?? '']
        .map(field)
        .join(','),
    );
  });
  if (issues.length > 0) throw new ValidationError('AvantLink returns file', issues);
  return `${lines.join('\r\n')}\r\n`;
}

/** One CSV field, quoted when it must be (RFC 4180), quotes doubled. */
function field(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function toTime(value: Date | number): number {
  return value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Number.NaN;
}
