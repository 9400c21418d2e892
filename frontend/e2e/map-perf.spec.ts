import { expect, test } from '@playwright/test';
import { createWorkspace, signIn, unique } from './helpers';

// Loads 10,000 generated readings into the champion map and measures, in headless Chromium:
//   render: from the data's arrival (the `rapport:scores-received` mark, set when the response is
//           parsed) to ECharts' first finished render (`rapport:map-rendered`);
//   interactive: from the data's arrival until the main thread is free again: the end of the
//           last long task (> 50 ms), or the first frame after the render, whichever is later;
//   hover: from moving the mouse onto the plot to the hover card showing.
// Each of MAP_PERF_RUNS runs (default 1) is a fresh page load of the map with a warm HTTP cache.
// It prints a line per run and then one `map-perf-json: {...}` line with every run's numbers,
// which bench/dashboard.py parses into bench/RESULTS.md. What it asserts is what is drawn (every
// point counted, the marks set, the hover card for the first point); the times are measured and
// printed, never asserted.
const N = 10_000;
const RUNS = Math.max(1, Number(process.env.MAP_PERF_RUNS ?? 1) || 1);
const CATEGORIES = ['champion', 'supporter', 'neutral', 'ambivalent', 'hesitant', 'reluctant', 'unknown'];

function generate(n: number) {
  let seed = 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => {
    const champion = rand() * 100;
    const reluctance = rand() * (100 - champion);
    return {
      stakeholder_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `Person ${i}`,
      team_id: null,
      role_type: 'other',
      champion_score: champion,
      reluctance_score: reluctance,
      confidence: rand(),
      champion_interval: [Math.max(0, champion - 15), Math.min(100, champion + 15)],
      category: CATEGORIES[i % CATEGORIES.length],
      influence: 1 + Math.round(rand() * 10) / 10,
      influence_is_manual: false,
      trust: { level: 'developing', score: 50, authenticity: 50, competence: 50, empathy: 50, wobble: [] },
      needs_one_on_one: false,
      reasons: [],
      suggestions: [],
      one_on_one_scheduled_on: null,
      as_of: new Date().toISOString(),
    };
  });
}

// Tracing and screenshots cost CPU in the page: off, so the numbers are the app's.
test.use({ trace: 'off', screenshot: 'off', video: 'off' });

interface Run {
  render: number;
  interactive: number;
  longTasks: number;
  hover: number;
}

test(`the champion map with ${N} points`, async ({ page }) => {
  test.setTimeout(60_000 + RUNS * 45_000);
  await page.goto('/signin');
  await signIn(page);
  const wsId = await createWorkspace(page, unique('Map perf'));
  const points = generate(N);
  const body = JSON.stringify({ items: points, next_cursor: null });
  await page.route(/\/api\/v1\/workspaces\/[^/]+\/scores(\?|$)/, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body }),
  );
  // Long tasks on the main thread, from the start of each page load.
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; end: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });

  // Warm the HTTP cache with the chart code (the map page also preloads it alongside the data).
  await page.goto(`/w/${wsId}`);
  await expect(page.getByTestId('trend-chart').locator('canvas')).toBeVisible();

  const runs: Run[] = [];
  for (let run = 1; run <= RUNS; run++) {
    // Off the plot, so the hover below starts from nothing.
    await page.mouse.move(0, 0);
    await page.goto(`/w/${wsId}/champion-map`);
    await expect(page.getByTestId('map-count')).toHaveText(`${N} of ${N} people`, { timeout: 30_000 });
    await page.waitForFunction(() => performance.getEntriesByName('rapport:map-rendered').length > 0, undefined, { timeout: 30_000 });
    const timing = await page.evaluate(async () => {
      const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      const received = at('rapport:scores-received');
      const rendered = at('rapport:map-rendered');
      // Let any trailing work (progressive chunks, React commits) finish, then look at long tasks.
      await new Promise((r) => setTimeout(r, 1500));
      const frame = rendered + 16;
      const tasks = (window as unknown as { __longTasks: { start: number; end: number }[] }).__longTasks.filter((t) => t.end > received);
      const quiet = Math.max(frame, ...tasks.map((t) => t.end));
      return { render: rendered - received, interactive: quiet - received, longTasks: tasks.length };
    });

    // Hover the first generated point: its place follows from the plot's fixed margins and ranges
    // (src/features/map/chartOption.ts: grid 56/24/28/56 px, x −100..100, y 0.9..2.1).
    const box = await page.getByTestId('champion-map-chart').boundingBox();
    expect(box).not.toBeNull();
    const first = points[0]!;
    const px = box!.x + 56 + ((first.champion_score - first.reluctance_score + 100) / 200) * (box!.width - 80);
    const py = box!.y + 28 + ((2.1 - first.influence) / 1.2) * (box!.height - 84);
    const card = page.getByText('Click to open the profile');
    const t0 = Date.now();
    await page.mouse.move(px, py);
    await card.waitFor({ state: 'visible', timeout: 5000 });
    const hover = Date.now() - t0;

    runs.push({ ...timing, hover });
    const line = `map-perf: run ${run}/${RUNS}, ${N} points in headless Chromium: data→rendered ${timing.render.toFixed(0)} ms, data→interactive ${timing.interactive.toFixed(0)} ms (${timing.longTasks} long tasks), hover→card ${hover} ms (incl. the test driver's round trip)`;
    console.log(line);
    test.info().annotations.push({ type: 'map-perf', description: line });
    expect(timing.render).toBeGreaterThan(0); // both marks were set, in order
  }
  console.log(`map-perf-json: ${JSON.stringify({ points: N, runs })}`);
});
