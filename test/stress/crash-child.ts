// Child for the crash-safety family: does one job on a library and is killed (SIGKILL) part way.
//   migrate PATH              open an old library (the migrations run)
//   export PATH ID FOLDER     export a reading in every audio and caption format, again and again
//   recover PATH              open a library left by a crash (recovery settles its readings)
// Prints 'ready' just before the job and 'done' after it.
import { exportReadings } from '../../electron/history/export/export-reading';
import { openLibrary } from '../../electron/history/library-store';

const [job, path, id, folder] = process.argv.slice(2) as [string, string, string?, string?];
process.stdout.write('ready\n');
if (job === 'migrate' || job === 'recover') {
  openLibrary({ path }).close();
  process.stdout.write('done\n');
} else if (job === 'export') {
  const lib = openLibrary({ path });
  for (;;) {
    await exportReadings(lib, [id!], folder!, ['wav', 'compressed', 'srt', 'vtt', 'txt']);
    process.stdout.write('done\n');
  }
}
