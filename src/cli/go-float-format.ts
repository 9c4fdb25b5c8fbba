// Formats a number like Go's `%.<precision>g`: `precision` significant digits rounded half to even
// on the exact value, trailing zeros dropped, and exponent form ("1e+03") when the decimal exponent
// is below -4 or not below the precision. Docker's size units print through this.

export function formatGoG(value: number, precision: number): string {
  if (value === 0) return "0";
  const sign = value < 0 ? "-" : "";
  const { digits, exponent } = roundToSignificantDigits(Math.abs(value), precision);
  const significant = digits.replace(/0+$/, "");

  if (exponent < -4 || exponent >= precision) {
    const mantissa = significant.length > 1 ? `${significant[0]}.${significant.slice(1)}` : significant;
    const exponentText = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${exponentText}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${significant}`;
  const integerPart = significant.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = significant.slice(exponent + 1);
  return fraction ? `${sign}${integerPart}.${fraction}` : `${sign}${integerPart}`;
}

/** `digits` has exactly `count` digits; `exponent` is the power of ten of the first one. */
function roundToSignificantDigits(value: number, count: number): { digits: string; exponent: number } {
  // 100 significant digits write every double in the range docker formats exactly.
  const [mantissa, exponentText] = value.toExponential(99).split("e");
  const all = mantissa.replace(".", "");
  let exponent = Number(exponentText);
  const kept = all.slice(0, count);
  const rest = all.slice(count);

  const isTie = rest[0] === "5" && /^0*$/.test(rest.slice(1));
  const roundUp = rest[0] > "5" || (rest[0] === "5" && !isTie) || (isTie && Number(kept.at(-1)) % 2 === 1);
  if (!roundUp) return { digits: kept, exponent };

  const incremented = (BigInt(kept) + 1n).toString();
  if (incremented.length > count) exponent += 1;
  return { digits: incremented.slice(0, count), exponent };
}
