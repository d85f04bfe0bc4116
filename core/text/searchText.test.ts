import { describe, expect, it } from 'vitest';
import { namesForSearch, searchDigits, searchForm, searchWords } from './searchText';

describe('search form', () => {
  it('makes every way of typing the same name the same text', () => {
    const forms = ['علی محمدزاده', 'علي محمد\u200cزاده', '\u202bعلی محمدزاده\u202c', 'عَلی محمّدزاده', 'علی\u200f محمدزاده'];
    expect(new Set(forms.map(searchForm)).size).toBe(1);
    expect(searchForm('كاظم')).toBe('کاظم');
    expect(searchForm('فاطمة')).toBe('فاطمه');
    expect(searchForm('AHMAD')).toBe('ahmad');
  });

  it('reads digits in any script, and refuses anything but digits and separators', () => {
    expect(searchDigits('۰۰۱۳۵۴۲۴۱۹')).toBe('0013542419');
    expect(searchDigits('٠٠١٣٥٤٢٤١٩')).toBe('0013542419');
    expect(searchDigits('\u202e001-354-2419\u202c')).toBe('0013542419');
    expect(searchDigits('00135_2419')).toBeNull();
    expect(searchDigits('0013%42419')).toBeNull();
    expect(searchDigits('')).toBeNull();
  });

  it('splits words at anything that is not a letter or a digit', () => {
    expect(searchWords('"علی"* OR رضا%')).toEqual(['علی', 'or', 'رضا']);
    expect(namesForSearch({ kind: 'legalEntity', name: 'شرکت نمونه (سهامی خاص)', representative: { firstName: 'سارا', lastName: 'كريمي' } })).toBe('شرکت نمونه سهامی خاص سارا کریمی');
  });
});
