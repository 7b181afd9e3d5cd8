import { internalErrorExposed } from '../../src/core/rules/errors-internal-error-exposed.js';
import { testRule } from './rule-tester.js';

testRule(internalErrorExposed, {
  valid: [
    { name: 'js generic body and logging', language: 'js', code: "app.get('/o', async (req, res) => {\n  try {\n    res.json(await list());\n  } catch (err) {\n    logger.error({ err });\n    res.status(500).json({ error: 'internal_error' });\n  }\n});\n" },
    { name: 'js 400 with the validation message', language: 'js', code: "app.post('/o', async (req, res) => {\n  try {\n    res.json(schema.parse(req.body));\n  } catch (err) {\n    res.status(400).json({ error: err.message });\n  }\n});\n" },
    { name: 'js passes to next()', language: 'js', code: "app.get('/o', async (req, res, next) => {\n  try { res.json(await list()); } catch (err) { next(err); }\n});\n" },
    { name: 'python generic detail', language: 'python', code: '@app.get("/o")\ndef o():\n    try:\n        return repo.list()\n    except Exception as e:\n        logger.exception("failed")\n        raise HTTPException(status_code=500, detail="internal error")\n' },
    { name: 'python 404 with message', language: 'python', code: '@app.get("/o/{id}")\ndef o(id: int):\n    try:\n        return repo.get(id)\n    except NotFound as e:\n        raise HTTPException(status_code=404, detail=str(e))\n' },
    { name: 'go generic message', language: 'go', code: 'func h(c *gin.Context) {\n\tif err := run(); err != nil {\n\t\tc.JSON(http.StatusInternalServerError, gin.H{"error": "internal error"})\n\t}\n}\n' },
    { name: 'go 400 with err.Error()', language: 'go', code: 'func h(c *gin.Context) {\n\tif err := c.ShouldBindJSON(&in); err != nil {\n\t\tc.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})\n\t}\n}\n' },
    { name: 'java generic body', language: 'java', code: 'class C {\n  ResponseEntity<?> f() {\n    try { return ok(); } catch (Exception e) {\n      log.error("x", e);\n      return ResponseEntity.internalServerError().body("internal error");\n    }\n  }\n}\n' },
  ],
  invalid: [
    { name: 'js 500 with err.message', language: 'js', code: "app.get('/o', async (req, res) => {\n  try {\n    res.json(await list());\n  } catch (err) {\n    res.status(500).json({ error: err.message });\n  }\n});\n", errors: [{ messageId: 'internalMessage', line: 5 }] },
    { name: 'js stack in any response', language: 'js', code: "app.get('/o', async (req, res) => {\n  try { res.json(await list()); } catch (e) {\n    res.status(400).send({ message: e.message, stack: e.stack });\n  }\n});\n", errors: [{ messageId: 'stackTrace', line: 3 }] },
    { name: 'js error middleware', language: 'js', code: "app.use((err, req, res, next) => {\n  res.status(500).json({ error: String(err) });\n});\n", errors: [{ messageId: 'internalMessage', line: 2 }] },
    { name: 'js Nest InternalServerErrorException', language: 'js', code: 'class S {\n  async f() {\n    try { await this.repo.save(x); } catch (error) {\n      throw new InternalServerErrorException(error.message);\n    }\n  }\n}\n', errors: [{ messageId: 'internalMessage', line: 4 }] },
    { name: 'python HTTPException detail=str(e)', language: 'python', code: '@app.get("/o")\ndef o():\n    try:\n        return repo.list()\n    except Exception as e:\n        raise HTTPException(status_code=500, detail=str(e))\n', errors: [{ messageId: 'internalMessage', line: 6 }] },
    { name: 'python flask tuple', language: 'python', code: '@app.route("/o")\ndef o():\n    try:\n        return jsonify(repo.list())\n    except Exception as exc:\n        return jsonify({"error": str(exc)}), 500\n', errors: [{ messageId: 'internalMessage', line: 6 }] },
    { name: 'python traceback', language: 'python', code: 'def view(request):\n    try:\n        return run()\n    except Exception as e:\n        return JsonResponse({"trace": traceback.format_exc()}, status=500)\n', errors: [{ messageId: 'stackTrace', line: 5 }] },
    { name: 'go gin 500 with err.Error()', language: 'go', code: 'func h(c *gin.Context) {\n\tif err := run(); err != nil {\n\t\tc.JSON(http.StatusInternalServerError, gin.H{"error": err.Error()})\n\t}\n}\n', errors: [{ messageId: 'internalMessage', line: 3 }] },
    { name: 'go http.Error', language: 'go', code: 'func h(w http.ResponseWriter, r *http.Request) {\n\tif err := run(); err != nil {\n\t\thttp.Error(w, err.Error(), http.StatusInternalServerError)\n\t}\n}\n', errors: [{ messageId: 'internalMessage', line: 3 }] },
    { name: 'java ResponseEntity status 500 body getMessage', language: 'java', code: 'class C {\n  ResponseEntity<?> f() {\n    try { return ok(); } catch (Exception e) {\n      return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(e.getMessage());\n    }\n  }\n}\n', errors: [{ messageId: 'internalMessage', line: 4 }] },
    { name: 'java exception handler', language: 'java', code: 'class Advice {\n  @ExceptionHandler(Exception.class)\n  ResponseEntity<String> handle(Exception ex) {\n    return new ResponseEntity<>(ex.getMessage(), HttpStatus.INTERNAL_SERVER_ERROR);\n  }\n}\n', errors: [{ messageId: 'internalMessage', line: 4 }] },
  ],
});
