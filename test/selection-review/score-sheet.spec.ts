import { checkScoreItems, meanInHundredths, rankApplications, SCORE_ITEMS, ScoreItems, SHEET_MAXIMUM, sheetTotal } from '../../src/modules/selection-review/score-sheet';

const FULL: ScoreItems = { A1: 5, A2: 5, A3: 10, B1: 10, B2: 10, B3: 10, C1: 10, C2: 10, D: 5, E: 5, F: 10, G: 5, H: 5 };

describe('the 附件3 score sheet', () => {
  it('has the 13 items of 003 附件3 adding up to 100', () => {
    expect(SCORE_ITEMS.map((i) => `${i.key}:${i.max}`).join(' ')).toBe('A1:5 A2:5 A3:10 B1:10 B2:10 B3:10 C1:10 C2:10 D:5 E:5 F:10 G:5 H:5');
    expect(SHEET_MAXIMUM).toBe(100);
    expect(sheetTotal(FULL)).toBe(100);
  });

  it('accepts whole numbers from 0 to each maximum', () => {
    expect(checkScoreItems(FULL)).toEqual({ items: FULL });
    const zero = Object.fromEntries(Object.keys(FULL).map((k) => [k, 0]));
    expect(checkScoreItems(zero)).toEqual({ items: zero });
  });

  it.each([
    ['A1', 6, 'items.A1 must be a whole number from 0 to 5'],
    ['B2', 11, 'items.B2 must be a whole number from 0 to 10'],
    ['H', -1, 'items.H must be a whole number from 0 to 5'],
    ['C1', 7.5, 'items.C1 must be a whole number from 0 to 10'],
    ['F', '8', 'items.F must be a whole number from 0 to 10'],
    ['G', null, 'items.G must be a whole number from 0 to 5'],
  ])('refuses %s = %p naming the item', (key, value, message) => {
    expect(checkScoreItems({ ...FULL, [key]: value })).toEqual({ errors: [{ field: `items.${key}`, constraint: 'invalidScore', message }] });
  });

  it('refuses a missing item, an unknown item and a non-object', () => {
    const { D: _d, ...withoutD } = FULL;
    expect(checkScoreItems(withoutD)).toEqual({ errors: [{ field: 'items.D', constraint: 'invalidScore', message: 'items.D must be a whole number from 0 to 5' }] });
    expect(checkScoreItems({ ...FULL, I: 3 })).toEqual({ errors: [{ field: 'items.I', constraint: 'unknownItem', message: 'items.I is not an item of the score sheet' }] });
    expect(checkScoreItems([1, 2])).toMatchObject({ errors: [{ field: 'items' }] });
  });
});

describe('scores and ranking', () => {
  it('takes the mean of the totals to two decimals, half up, exactly', () => {
    expect(meanInHundredths([80, 81, 81])).toBe(8067); // 80.666…
    expect(meanInHundredths([80, 80, 81])).toBe(8033); // 80.333…
    expect(meanInHundredths([80, 81])).toBe(8050);
    expect(meanInHundredths([1, 0, 0, 0, 0, 0, 0, 0])).toBe(13); // 0.125 → 0.13
  });

  const sheet = (over: Partial<ScoreItems>): ScoreItems => ({ ...FULL, ...over });

  it('orders by score, breaks a tie by the higher B, then by C; equal on all three shares the rank', () => {
    const ranked = rankApplications([
      // 90 from each: B 25, C 20.
      { applicationId: 'low-b', filedAt: '1', sheets: [sheet({ B1: 5, A3: 5 }), sheet({ B1: 5, A3: 5 })] },
      // 90 from each: B 30, C 15.
      { applicationId: 'high-b', filedAt: '2', sheets: [sheet({ C1: 5, A3: 5 }), sheet({ C1: 5, A3: 5 })] },
      // 90: B 25, C 15, so below low-b on C.
      { applicationId: 'low-c', filedAt: '3', sheets: [sheet({ B1: 5, C1: 5 }), sheet({ B1: 5, C1: 5 })] },
      { applicationId: 'top', filedAt: '4', sheets: [sheet({ H: 4 }), sheet({})] },
      { applicationId: 'twin', filedAt: '5', sheets: [sheet({ B1: 5, C1: 5 }), sheet({ B1: 5, C1: 5 })] },
      { applicationId: 'unscored', filedAt: '6', sheets: [] },
    ]);
    expect(ranked.map((r) => [r.applicationId, r.score, r.scoreB, r.scoreC, r.rank])).toEqual([
      ['top', 99.5, 30, 20, 1],
      ['high-b', 90, 30, 15, 2],
      ['low-b', 90, 25, 20, 3],
      ['low-c', 90, 25, 15, 4],
      ['twin', 90, 25, 15, 4],
    ]);
    expect(ranked[0]).toMatchObject({ experts: 2, lowest: 99, highest: 100 });
  });

  it('compares the B means when the applications have different numbers of experts', () => {
    // Both score 90.00; B means 80/3 = 26.67 against 53/2 = 26.5.
    const three = [sheet({ B1: 7, A3: 7 }), sheet({ B1: 7, A3: 7 }), sheet({ B1: 6, A3: 8 })];
    const ranked = rankApplications([
      { applicationId: 'two', filedAt: '1', sheets: [sheet({ B1: 6, A3: 6, C2: 8 }), sheet({ B1: 7, A3: 5, C2: 8 })] },
      { applicationId: 'three', filedAt: '2', sheets: three },
    ]);
    expect(ranked.map((r) => r.applicationId)).toEqual(['three', 'two']);
  });
});
