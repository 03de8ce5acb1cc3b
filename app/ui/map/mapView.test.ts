import { describe, expect, it } from 'vitest';
import { cellPoints, coordinatesCsv, fitView, nearestPoint, panBy, pointsInBox, pointStyle, toScreen, zoomAt, RIGHT_COLOUR, WRONG_COLOUR } from './mapView';

// Three points: (0, 0), (10, 0), (10, 5).
const coordinates = Float32Array.from([0, 0, 10, 0, 10, 5]);

describe('map view', () => {
  it('fits every point inside the padding, centred', () => {
    const view = fitView(coordinates, 220, 120, 10);
    expect(view.scale).toBe(20); // (220 − 20) / 10 = 20 beats (120 − 20) / 5 = 20: equal here
    expect(toScreen(view, 0, 0)).toEqual([10, 10]);
    expect(toScreen(view, 10, 5)).toEqual([210, 110]);
  });

  it('zooms about a screen point, which stays put, and pans', () => {
    const view = fitView(coordinates, 220, 120, 10);
    const zoomed = zoomAt(view, 2, 110, 60);
    expect(zoomed.scale).toBe(40);
    expect(toScreen(zoomed, 5, 2.5)).toEqual(toScreen(view, 5, 2.5)); // the centre stays at (110, 60)
    expect(toScreen(panBy(zoomed, 5, -5), 5, 2.5)).toEqual([115, 55]);
  });

  it('picks the nearest point within a radius, and the points inside a box in any direction', () => {
    const view = fitView(coordinates, 220, 120, 10);
    expect(nearestPoint(coordinates, view, 205, 12, 8)).toBe(1);
    expect(nearestPoint(coordinates, view, 110, 60, 8)).toBe(-1);
    expect(pointsInBox(coordinates, view, { x0: 220, y0: 0, x1: 100, y1: 120 })).toEqual([1, 2]);
  });

  it('colours right and wrong with confidence as opacity', () => {
    expect(pointStyle('correct', 3, 3, 1, 10)).toEqual({ colour: RIGHT_COLOUR, alpha: 1 });
    expect(pointStyle('correct', 3, 5, 0, 10)).toEqual({ colour: WRONG_COLOUR, alpha: 0.15 });
    expect(pointStyle('label', 3, 5, 0.5, 10).colour).toBe(pointStyle('predicted', 5, 3, 0.5, 10).colour);
  });

  it('exports index,x,y,label,pred and finds a cell’s points', () => {
    const indices = Uint32Array.from([4, 7, 9]);
    const labels = [0, 0, 0, 0, 1, 0, 0, 2, 0, 2];
    const predicted = [0, 0, 0, 0, 1, 0, 0, 3, 0, 2];
    expect(coordinatesCsv(indices, coordinates, labels, predicted)).toBe('index,x,y,label,pred\n4,0.00000,0.00000,1,1\n7,10.00000,0.00000,2,3\n9,10.00000,5.00000,2,2\n');
    expect(cellPoints(indices, labels, predicted, 2, 3)).toEqual([1]);
  });
});
