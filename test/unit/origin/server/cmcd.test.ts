import { describe, expect, it } from 'vitest';
import { parseCmcd, readCmcd } from '../../../../origin/server/cmcd.js';

describe('CMCD in the request log', () => {
  it('parses strings, tokens, numbers and bare booleans', () => {
    expect(parseCmcd('bl=21300,br=3200,bs,cid="faec5fc2-ac30-11ea-bb37-0242ac130002",ot=v,sf=h,sid="6e2fb550-c457-11e9-bb97-0800200c9a66",su=false')).toEqual({
      bl: 21300,
      br: 3200,
      bs: true,
      cid: 'faec5fc2-ac30-11ea-bb37-0242ac130002',
      ot: 'v',
      sf: 'h',
      sid: '6e2fb550-c457-11e9-bb97-0800200c9a66',
      su: false,
    });
  });

  it('keeps commas and escaped quotes inside strings', () => {
    expect(parseCmcd('cid="a,b\\"c",nor="../seg-2.m4s"')).toEqual({ cid: 'a,b"c', nor: '../seg-2.m4s' });
  });

  it('reads the CMCD query parameter', () => {
    expect(readCmcd({}, `CMCD=${encodeURIComponent('br=800,sid="s-1"')}&kbps=800`)).toEqual({ br: 800, sid: 's-1' });
  });

  it('merges the four CMCD headers', () => {
    expect(readCmcd({ 'cmcd-request': 'bl=2000', 'cmcd-object': 'br=800,ot=v', 'cmcd-session': 'sid="s-2"', 'cmcd-status': 'bs' }, '')).toEqual({
      bl: 2000,
      br: 800,
      ot: 'v',
      sid: 's-2',
      bs: true,
    });
  });

  it('is null for a request without CMCD', () => {
    expect(readCmcd({}, 'kbps=800')).toBeNull();
  });
});
