/** Figures and the HTML report of the reproduction pipeline (SPEC §6). */
export type {
  Extremum,
  FigureFiles,
  LayerEntry,
  Layerwise,
  RetrainMeta,
  RetrainRow,
  SizeEntry,
  StatsChance,
  StatsComparison,
  StatsFile,
  StatsGroup,
  Verdict,
} from './types.js';
export { FIGURE_FONT, findFontFiles, renderVegaLite, type RenderedFigure, type RenderOptions } from './render.js';
export {
  figure1Data,
  figure1Spec,
  greedyDiffers,
  greedyGap,
  GREEDY_TOLERANCE,
  writeFigure1,
  type Figure1Options,
} from './figure1.js';
export {
  figure2Spec,
  METHOD_ORDER,
  summarizeRetrain,
  writeFigure2,
  type Figure2Options,
  type Figure2Summary,
} from './figure2.js';
export {
  escapeHtml,
  renderReportHtml,
  writeReport,
  type ReportAccuracy,
  type ReportContent,
  type ReportFigure,
  type ReportSettings,
  type StageTiming,
} from './html.js';
