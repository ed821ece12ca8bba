import { Observable } from 'rxjs';
import type { VitalName } from './signals.js';

export type VitalReport = Partial<Record<VitalName, number>>;

/**
 * The page's Core Web Vitals from `web-vitals` (loaded on subscription), one report per metric
 * as web-vitals finalises it: FCP and TTFB early, LCP, CLS and INP when the page is hidden.
 */
export function webVitals$(): Observable<VitalReport> {
  return new Observable<VitalReport>((subscriber) => {
    let live = true;
    import('web-vitals')
      .then(({ onLCP, onINP, onCLS, onFCP, onTTFB }) => {
        if (!live) return;
        const report = (name: VitalName) => (metric: { value: number }) => {
          if (live) subscriber.next({ [name]: metric.value });
        };
        onLCP(report('lcpMs'));
        onINP(report('inpMs'));
        onCLS(report('cls'));
        onFCP(report('fcpMs'));
        onTTFB(report('ttfbMs'));
      })
      .catch(() => undefined); // no vitals is not an error worth reporting
    return () => {
      live = false; // web-vitals has no unsubscribe; reports after this are ignored
    };
  });
}
