import * as core from "@actions/core";
import type { Logger, SourceLocation } from "../core/logger.js";
import { commandData, safeLogLine } from "../core/printable.js";

function annotation(location: SourceLocation | undefined): core.AnnotationProperties {
  if (!location) return {};
  return {
    file: commandData(location.file),
    ...(location.line ? { startLine: location.line } : {}),
  };
}

/**
 * The engine's logger on a runner: annotations at file:line and one group per phase.
 * Plain lines are printed as they are, so a name from content could otherwise start a
 * line the runner obeys (`::add-mask::`, `::error::`); `safeLogLine` escapes control
 * characters and breaks any command marker. Annotation messages are escaped by
 * @actions/core as command data; their control characters are shown as escapes too.
 */
export const actionLogger: Logger = {
  info: (message) => core.info(safeLogLine(message)),
  warning: (message, location) => core.warning(commandData(message), annotation(location)),
  error: (message, location) => core.error(commandData(message), annotation(location)),
  // The runner drops ::debug:: lines unless step debug logging is on (RUNNER_DEBUG=1); a
  // run with thousands of images would write thousands of them for nothing.
  debug: (message) => {
    if (core.isDebug()) core.debug(commandData(message));
  },
  group: (name, fn) => core.group(safeLogLine(name), fn),
};
