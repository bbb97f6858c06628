/** What one emitted chunk of the build is made of (written by build-app.ts, read by client.ts). */
export interface ChunkStats {
  file: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  modules: { id: string; renderedLength: number }[];
}
