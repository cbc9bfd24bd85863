// A small line chart on a canvas: one series per key, the last `points` values of each, drawn on every update.
const COLORS = ['#0969da', '#1f883d', '#bf8700', '#cf222e', '#8250df', '#1b7c83', '#9a6700', '#bc4c00'];

export class LineChart {
  constructor(canvas, legend, points = 60) {
    this.canvas = canvas;
    this.legend = legend;
    this.points = points;
    this.series = new Map();
  }

  /** Appends one value per key; a key missing now gets a gap (null), a key gone for a whole window is dropped. */
  push(values) {
    for (const key of values.keys()) {
      if (!this.series.has(key)) this.series.set(key, Array(this.points).fill(null));
    }
    for (const [key, list] of this.series) {
      list.push(values.has(key) ? values.get(key) : null);
      list.shift();
      if (list.every((v) => v === null)) this.series.delete(key);
    }
    this.draw();
  }

  draw() {
    const ctx = this.canvas.getContext('2d');
    const { width, height } = this.canvas;
    const pad = { left: 44, right: 8, top: 8, bottom: 18 };
    ctx.clearRect(0, 0, width, height);
    const all = [...this.series.values()].flat().filter((v) => v !== null);
    const max = Math.max(10, ...all) * 1.1;
    ctx.strokeStyle = '#e3e6eb';
    ctx.fillStyle = '#6b7385';
    ctx.font = '11px system-ui, sans-serif';
    for (let i = 0; i <= 4; i++) {
      const y = pad.top + ((height - pad.top - pad.bottom) * i) / 4;
      ctx.beginPath();
      ctx.moveTo(pad.left, y);
      ctx.lineTo(width - pad.right, y);
      ctx.stroke();
      ctx.fillText(Math.round(max * (1 - i / 4)).toString(), 4, y + 4);
    }
    ctx.fillText(`-${this.points} s`, pad.left, height - 4);
    ctx.fillText('now', width - pad.right - 22, height - 4);
    const x = (i) => pad.left + ((width - pad.left - pad.right) * i) / (this.points - 1);
    const y = (v) => height - pad.bottom - ((height - pad.top - pad.bottom) * v) / max;
    this.legend.replaceChildren();
    [...this.series.entries()].forEach(([key, list], n) => {
      const color = COLORS[n % COLORS.length];
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.beginPath();
      let drawing = false;
      list.forEach((v, i) => {
        if (v === null) { drawing = false; return; }
        if (drawing) ctx.lineTo(x(i), y(v)); else ctx.moveTo(x(i), y(v));
        drawing = true;
      });
      ctx.stroke();
      const item = document.createElement('li');
      const swatch = document.createElement('i');
      swatch.style.background = color;
      item.append(swatch, key);
      this.legend.append(item);
    });
  }
}
