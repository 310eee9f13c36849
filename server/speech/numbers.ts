/**
 * Numbers as Chinese words for the read-aloud clip, before the text becomes pinyin: `6` → 六,
 * `60%` → 百分之六十, `3.5` → 三点五, `2026年` → 二零二六年, `1,200` → 一千二百. A code or a
 * phone number (a leading zero, or longer than 12 digits) is read digit by digit. Pure.
 */
const DIGITS = '零一二三四五六七八九';
const SMALL_UNITS = ['', '十', '百', '千'];
const BIG_UNITS = ['', '万', '亿'];

/** Digit by digit: `0571` → 零五七一. */
export const digitsToHanzi = (digits: string): string =>
  [...digits].map((d) => DIGITS[Number(d)] ?? '').join('');

/** One group of up to four digits, without the leading 零 (`0305` → 三百零五). */
function groupToHanzi(group: number): string {
  let out = '';
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const digit = Math.floor(group / 10 ** i) % 10;
    if (digit === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[digit]! + SMALL_UNITS[i]!;
  }
  return out;
}

/** A whole number below 10^12 in words: `10` → 十, `15` → 十五, `105` → 一百零五, `20000` → 两万. */
export function integerToHanzi(digits: string): string {
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  if (trimmed.length > 12) return digitsToHanzi(trimmed);
  let n = Number(trimmed);
  if (n === 0) return '零';
  const groups: number[] = [];
  while (n > 0) {
    groups.push(n % 10_000);
    n = Math.floor(n / 10_000);
  }
  let out = '';
  let gap = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const group = groups[i]!;
    if (group === 0) {
      gap = out !== '';
      continue;
    }
    if (out && (gap || group < 1000)) out += '零';
    gap = false;
    out += groupToHanzi(group) + BIG_UNITS[i]!;
  }
  // 十五, not 一十五, at the start; 两万 / 两亿 read better than 二万.
  return out.replace(/^一十/, '十').replace(/^二(?=[万亿])/, '两');
}

/** A number as written (`60`, `3.5`, `1,200`) in words. */
function numberToHanzi(text: string): string {
  const [whole = '0', fraction] = text.replace(/,/g, '').split('.');
  const leadingZero = whole.length > 1 && whole.startsWith('0');
  const head = leadingZero || whole.length > 12 ? digitsToHanzi(whole) : integerToHanzi(whole);
  return fraction ? `${head}点${digitsToHanzi(fraction)}` : head;
}

const NUMBER = /(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(\s*[%％])?(\s*年)?/g;

/** Every number in `text` written out in Chinese words. */
export function numbersToHanzi(text: string): string {
  return text.replace(
    NUMBER,
    (_m, whole: string, fraction: string | undefined, percent?: string, year?: string) => {
      if (year && !fraction && !percent && /^\d{4}$/.test(whole))
        return `${digitsToHanzi(whole)}年`;
      const words = numberToHanzi(whole + (fraction ?? ''));
      return (percent ? `百分之${words}` : words) + (year ? '年' : '');
    },
  );
}
