/**
 * For a CartesianGrid drawn with `vertical={false}`: recharts still works out where the vertical lines would go, by
 * measuring every category label in the DOM (a third of a chart's first drawing); none are drawn, so none are
 * worked out.
 */
export const noVerticalLines = (): number[] => [];
