import * as core from "@actions/core";
import type { Logger, SourceLocation } from "../engine/logger.js";

function annotation(location: SourceLocation | undefined): core.AnnotationProperties {
  if (!location) return {};
  return { file: location.file, ...(location.line ? { startLine: location.line } : {}) };
}

/** The engine's logger on a runner: annotations at file:line and one group per phase. */
export const actionLogger: Logger = {
  info: (message) => core.info(message),
  warning: (message, location) => core.warning(message, annotation(location)),
  error: (message, location) => core.error(message, annotation(location)),
  debug: (message) => core.debug(message),
  group: (name, fn) => core.group(name, fn),
};
