import type { Evidence, Project } from '../../types.js';
import { endOfLifeWarning } from '../end-of-life.js';
import { JAVA_DEFAULTS } from './defaults.js';
import { LTS_JDKS } from './wrapper-jdk.js';

/** `1.8` → `8`, `17.0.2` → `17`, `temurin-21.0.1` → `21`; null for anything that is not a Java release. */
export function javaMajor(value: string): string | null {
  const m = /(?:^|[-_ ])(?:1\.)?(\d{1,2})(?:[.+_-]|$)/.exec(value.trim());
  const major = m?.[1];
  return major !== undefined && Number(major) >= 8 && Number(major) <= 40 ? major : null;
}

/** Only the LTS lines keep getting Temurin updates; a pinned feature release past its six months is kept, with a warning. */
function keptPastEndOfLife(major: string, warnings: string[]): string {
  const warning = endOfLifeWarning('Java', major, LTS_JDKS.map(String), (v) => v);
  if (warning !== null) warnings.push(warning);
  return major;
}

/** The version files developers keep next to the build (asdf/mise, SDKMAN!, jenv). */
async function fromVersionFiles(project: Project): Promise<{ value: string; file: string } | null> {
  const javaVersion = await project.readText('.java-version');
  if (javaVersion !== null && javaVersion.trim() !== '') return { value: javaVersion.trim().split(/\s+/)[0] as string, file: '.java-version' };
  const sdkman = await project.readText('.sdkmanrc');
  const sdk = sdkman === null ? null : /^\s*java\s*=\s*(\S+)/m.exec(sdkman);
  if (sdk?.[1] !== undefined) return { value: sdk[1], file: '.sdkmanrc' };
  const tools = await project.readText('.tool-versions');
  const tool = tools === null ? null : /^\s*java\s+(\S+)/m.exec(tools);
  if (tool?.[1] !== undefined) return { value: tool[1], file: '.tool-versions' };
  return null;
}

/** Build-file value first (the compiler honours it), then version files, then the current LTS. */
export async function detectJavaVersion(
  project: Project,
  fromBuild: { value: string; reason: string; file: string } | null,
  evidence: Evidence[],
  warnings: string[],
): Promise<string> {
  if (fromBuild !== null) {
    const major = javaMajor(fromBuild.value);
    if (major !== null) {
      evidence.push({ file: fromBuild.file, reason: `${fromBuild.reason}: JDK ${major}` });
      return keptPastEndOfLife(major, warnings);
    }
    // A target javac dropped (1.7 and older) is a bound on the JDK, applied by the caller, not an error.
    if (!/^(?:1\.)?[5-7]$/.test(fromBuild.value.trim())) warnings.push(`${fromBuild.file}: ${fromBuild.reason} is not a Java release the image tags know; looking elsewhere.`);
  }
  const file = await fromVersionFiles(project);
  const major = file === null ? null : javaMajor(file.value);
  if (file !== null && major !== null) {
    evidence.push({ file: file.file, reason: `Java ${file.value}: JDK ${major}` });
    return keptPastEndOfLife(major, warnings);
  }
  evidence.push({ file: '(default)', reason: `no Java version found: current LTS ${JAVA_DEFAULTS.lts}` });
  return JAVA_DEFAULTS.lts;
}
