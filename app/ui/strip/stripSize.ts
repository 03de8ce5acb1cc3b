export const STRIP_SIZE = 30;
