/** The rule engine: rules are YAML data, compiled into bounded detectors. */
export { compileFilter, type Filter, type FilterError, type FilterNode } from './filter.js';
export { compileSafeRegex, MAX_REGEX_LENGTH } from './regex.js';
export { FIELDS, FIELD_NAMES } from './fields.js';
export { ruleSchema, parseDuration, RULE_TYPES, SCOPE_KEYS, CATEGORIES, type Rule, type RuleSpec, type RuleType } from './schema.js';
export {
  loadRules,
  parseRuleText,
  readRuleFile,
  ruleFilesIn,
  builtinRulesDir,
  formatRuleError,
  type LoadRulesOptions,
  type LoadedRules,
  type ParsedRuleFile,
  type RuleError,
  type RuleErrorKind,
} from './load.js';
export { compileRule, createRuleDetectors, DEFAULT_MAX_KEYS, type RuleEngineOptions } from './engine.js';
export { rulesMessages, type RulesMessageKey } from './messages.js';
