import type { Evidence, Project } from '../../../types.js';
import type { PackageJson } from '../package-json.js';
import type { StartScript } from './script.js';

/** A build served as files by a web server: no Node.js process at run time. */
export interface StaticSite {
  /** Build output folder, relative to the app folder (`dist`, `build`, `out`, `dist/app/browser`). */
  readonly outDir: string;
  /** Client-side routing: unknown paths answer with index.html. */
  readonly spa: boolean;
  /**
   * nginx `location` argument matching the content-hashed files, which may be cached for a year
   * (`^~ /assets/`), or null when the framework names none.
   */
  readonly immutableLocation: string | null;
}

/** What a framework runs in production, decided from its own files. */
export type AppShape =
  | {
      readonly kind: 'server';
      readonly framework: string;
      /** Exec-form command, run in the app folder of the production image. */
      readonly command: readonly string[];
      /** Settings the framework needs to listen on every interface and its port (`HOST=0.0.0.0`). */
      readonly env: Readonly<Record<string, string>>;
      /** The framework's port, or null when the app's code sets it (read from the code, as for any app). */
      readonly port: number | null;
      /** Build output the command runs (copied from the build stage), or null when it runs sources. */
      readonly outputDir: string | null;
      /** The build output carries its own dependencies (Nitro): no node_modules, no sources. */
      readonly selfContained: boolean;
      /** The package whose binary the command runs from node_modules, or null for `node <file>`. */
      readonly binPackage: string | null;
      /** What the user should know about how the framework's server runs in a container. */
      readonly notes?: readonly string[];
    }
  | { readonly kind: 'static'; readonly framework: string; readonly site: StaticSite }
  | { readonly kind: 'refuse'; readonly framework: string; readonly message: string };

/** Everything a framework rule reads: the repo (read-only), the manifest and the start script. */
export interface FrameworkInput {
  readonly project: Project;
  readonly pkg: PackageJson;
  readonly script: StartScript | null;
  readonly evidence: Evidence[];
  /** Path of a file of the app (the app may be a workspace member). */
  at(file: string): string;
}

export type FrameworkRule = (input: FrameworkInput) => Promise<AppShape | null>;
