// The fabric object of a question's mark: label and points ("1.b  2,5 / 4") fitted to its box, in a
// red-pen look over a light backing, as the PDF renderer draws it. Its text follows the score live
// (the layer calls setText), so it is never stored in the document.
import { FabricObject } from "fabric";

const FONT = "Helvetica, Arial, sans-serif";
const INTERACTIVE = {
  originX: "left",
  originY: "top",
  lockRotation: true,
  borderColor: "#2563c9",
  cornerColor: "#2563c9",
  cornerSize: 10,
  transparentCorners: false,
} as const;

export class MarkObject extends FabricObject {
  static override type = "KoMark";
  text: string;
  color: string;
  questionId: string;

  constructor(questionId: string, text: string, box: { left: number; top: number; width: number; height: number }, color: string) {
    super({ ...INTERACTIVE, ...box, objectCaching: false });
    this.questionId = questionId;
    this.text = text;
    this.color = color;
  }

  setText(text: string): void {
    this.text = text;
    this.dirty = true;
  }

  override _render(ctx: CanvasRenderingContext2D): void {
    const w = this.width;
    const h = this.height;
    const pad = Math.min(h * 0.12, 3);
    const split = this.text.indexOf("  ");
    const label = split < 0 ? "" : this.text.slice(0, split + 2);
    const points = split < 0 ? this.text : this.text.slice(split + 2);
    ctx.save();
    ctx.translate(-w / 2, -h / 2);
    ctx.fillStyle = "rgba(255,255,255,0.8)";
    ctx.fillRect(0, 0, w, h);
    let size = Math.max(4, (h - 2 * pad) * 0.72);
    const measure = (s: number) => {
      ctx.font = `${s}px ${FONT}`;
      const lw = ctx.measureText(label).width;
      ctx.font = `bold ${s}px ${FONT}`;
      return lw + ctx.measureText(points).width;
    };
    const natural = measure(size);
    if (natural > w - 2 * pad) size = Math.max(4, size * ((w - 2 * pad) / natural));
    const baseline = h / 2 + size * 0.33;
    ctx.fillStyle = this.color;
    ctx.strokeStyle = this.color;
    ctx.textBaseline = "alphabetic";
    ctx.font = `${size}px ${FONT}`;
    ctx.fillText(label, pad, baseline);
    const x = pad + ctx.measureText(label).width;
    ctx.font = `bold ${size}px ${FONT}`;
    ctx.fillText(points, x, baseline);
    const pw = ctx.measureText(points).width;
    ctx.lineWidth = Math.max(size * 0.08, 0.5);
    ctx.lineCap = "round";
    ctx.beginPath();
    ctx.moveTo(x - size * 0.1, baseline + size * 0.22);
    ctx.lineTo(x + pw + size * 0.1, baseline + size * 0.12);
    ctx.stroke();
    ctx.restore();
  }
}
