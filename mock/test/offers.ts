/** The seed's own offer dates: long past. */
export const pastDates = { start: '2018-03-01 00:00:00.0', end: '2019-03-31 23:59:00.0' };
