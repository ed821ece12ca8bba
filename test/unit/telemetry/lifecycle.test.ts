import { describe, expect, it } from 'vitest';
import { networkBack, pageExits, pageReturns, type PageExit } from '../../../telemetry/lifecycle.js';
import { FakePage } from './harness.js';

describe('page lifecycle', () => {
  it('tells pagehide and hidden apart, and ignores becoming visible', () => {
    const page = new FakePage();
    const exits: PageExit[] = [];
    const subscription = pageExits(page).subscribe((exit) => exits.push(exit));
    page.window.dispatchEvent(new Event('visibilitychange'));
    page.hide();
    page.leave();
    subscription.unsubscribe();
    page.leave();
    expect(exits).toEqual(['hidden', 'pagehide']);
  });

  it('tells when the network is back (online)', () => {
    const page = new FakePage();
    let count = 0;
    const subscription = networkBack(page).subscribe(() => (count += 1));
    page.online();
    subscription.unsubscribe();
    page.online();
    expect(count).toBe(1);
  });

  it('tells when the page comes back from the back/forward cache (pageshow, persisted), not on a first show', () => {
    const page = new FakePage();
    let count = 0;
    const subscription = pageReturns(page).subscribe(() => (count += 1));
    page.show(false);
    page.show(true);
    subscription.unsubscribe();
    expect(count).toBe(1);
  });
});
