import { createRequire as __backendExpertCreateRequire } from 'node:module';
const require = __backendExpertCreateRequire(import.meta.url);
import {
  child_process,
  crypto,
  fs,
  os,
  path,
  stream,
  util
} from "./chunk-F5OLMDXU.js";
import "./chunk-Z2LHR7PR.js";
export {
  child_process,
  crypto,
  fs,
  os,
  path,
  stream,
  util
};
