/**
 * A search as typed → the db/search.ts call that answers it. Every kind reads its text the one way
 * (core/text/searchText.ts: any digits, half-spaces and direction controls taken out) and refuses
 * what is not one of its kind with SEARCH_QUERY_INVALID: a national id is ten digits and nothing
 * else, so «00135_2419» or «%» can never match more than what was typed. A name becomes quoted
 * FTS5 prefix terms — never the text itself — so `"`, `*`, `OR`, `NEAR(` or `%` are letters or
 * separators, not operators.
 */
import type { SearchQuery } from '../../core/api/search';
import { DomainError } from '../../core/errors';
import { readJalaliDay, compareJalaliDays } from '../../core/format/jalaliDay';
import { searchDigits, searchForm, searchWords } from '../../core/text/searchText';
import * as search from '../../db/search';
import type { Database } from '../../db/sqlite';

const invalid = (why: string): never => {
  throw new DomainError('SEARCH_QUERY_INVALID', why);
};

/** «1405/123», «۱۴۰۵-۱۲۳» or «123»: a year (1300–1499) and a number, or a number in every year. */
export function readYearNumber(text: string): { year: number | null; number: number } {
  const t = searchForm(text).replace(/\s/g, '');
  const m = /^(?:(1[34][0-9]{2})[/\-.])?0*([1-9][0-9]{0,8})$/.exec(t);
  if (!m) return invalid('a number, or a year and a number');
  return { year: m[1] ? Number(m[1]) : null, number: Number(m[2]) };
}

/** An FTS5 expression of the words typed, each a quoted prefix term; at most 6 words, each at least 2 letters long. */
export function nameMatch(text: string): string {
  const words = searchWords(text).filter((w) => [...w].length >= 2);
  if (words.length === 0 || words.length > 6) return invalid('a name of at least two letters');
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}

/** The rows that answer a query, at most `limit`. */
export function runQuery(db: Database, query: SearchQuery, limit: number): search.SearchRow[] {
  switch (query.kind) {
    case 'trackingCode': {
      const code = searchDigits(query.text);
      return code && code.length >= 6 && code.length <= 32 ? search.searchByTrackingCode(db, code, limit) : invalid('a tracking code is digits');
    }
    case 'requestNumber': {
      const { year, number } = readYearNumber(query.text);
      return search.searchByRequestNumber(db, year, number, limit);
    }
    case 'receiptNumber': {
      const { year, number } = readYearNumber(query.text);
      return search.searchByReceiptNumber(db, year, number, limit);
    }
    case 'nationalId': {
      const id = searchDigits(query.text);
      return id && id.length === 10 ? search.searchByIdentityKey(db, `n:${id}`, limit) : invalid('a national id is ten digits');
    }
    case 'legalId': {
      const id = searchDigits(query.text);
      return id && id.length === 11 ? search.searchByIdentityKey(db, `l:${id}`, limit) : invalid('a legal id is eleven digits');
    }
    case 'name':
      return search.searchByName(db, nameMatch(query.text), limit);
    case 'dateRange': {
      const from = readJalaliDay(searchForm(query.from));
      const to = query.to === undefined || searchForm(query.to).trim() === '' ? from : readJalaliDay(searchForm(query.to));
      if (!from || !to || compareJalaliDays(from, to) > 0) return invalid('two Jalali days, the first not after the second');
      return search.searchByDays(db, from, to, limit);
    }
  }
}
