// Cutting a byte range at the boundaries of fixed-size units (chunks of a disk, slots of the bus).

export interface RangePiece {
  /** Which unit the piece lies in. */
  unit: number;
  /** Where the piece starts inside its unit. */
  offset: number;
  length: number;
  /** Where the piece starts inside the range. */
  position: number;
}

export function piecesOf(start: number, length: number, unitBytes: number): RangePiece[] {
  const pieces: RangePiece[] = [];
  for (let position = 0; position < length; ) {
    const at = start + position;
    const unit = Math.floor(at / unitBytes);
    const offset = at - unit * unitBytes;
    const pieceLength = Math.min(unitBytes - offset, length - position);
    pieces.push({ unit, offset, length: pieceLength, position });
    position += pieceLength;
  }
  return pieces;
}
