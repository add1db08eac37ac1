// A uPlot chart as a preact component (x in seconds since the epoch, or plain numbers).
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartProps {
  title: string;
  data: uPlot.AlignedData;
  series: uPlot.Series[];
  time?: boolean;
  height?: number;
}

export function Chart({ title, data, series, time = true, height = 220 }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(300, Math.min(el.clientWidth || 600, 900));
    const plot = new uPlot({ title, width, height, scales: { x: { time } }, series: [{}, ...series] }, data, el);
    return () => plot.destroy();
  }, [title, data, series]);
  return <figure class="chart card" ref={box} aria-label={title} />;
}
