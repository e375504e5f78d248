// The entry: on a desk's URL, the desk's data and first page images are requested first, then the
// app's modules load (lit, the socket client…) while those requests run, instead of before them.
import { startEarlyDesk } from './desk/early-desk.ts';

startEarlyDesk();
void import('./app-boot.ts');
