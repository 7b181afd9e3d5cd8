/**
 * Deterministic synthetic services for benchmarks: realistic route modules, services and repositories
 * in the four languages we read, so the route map and the rules do real work.
 */
/** Mapping and validation helpers a real module carries beside its routes (~50 lines). */
function tsHelpers(name: string): string {
  const type = name[0]!.toUpperCase() + name.slice(1);
  return `
export interface ${type}Dto {
  id: string;
  name: string;
  description: string | null;
  ownerId: string;
  createdAt: string;
}

export function to${type}Dto(row: { id: string; name: string; description: string | null; owner_id: string; created_at: Date }): ${type}Dto {
  return {
    id: row.id,
    name: row.name.trim(),
    description: row.description,
    ownerId: row.owner_id,
    createdAt: row.created_at.toISOString(),
  };
}

export function normalise${type}Name(value: string): string {
  const collapsed = value.replace(/\\s+/g, ' ').trim();
  if (collapsed.length === 0) {
    throw new Error('${name} name must not be empty');
  }
  return collapsed.length > 120 ? collapsed.slice(0, 120) : collapsed;
}

export function compare${type}(a: ${type}Dto, b: ${type}Dto): number {
  if (a.createdAt !== b.createdAt) {
    return a.createdAt < b.createdAt ? -1 : 1;
  }
  return a.id.localeCompare(b.id);
}

export function summarise${type}(items: readonly ${type}Dto[]): { count: number; owners: number; newest?: string } {
  const owners = new Set(items.map((item) => item.ownerId));
  const newest = items.reduce<string | undefined>((latest, item) => (!latest || item.createdAt > latest ? item.createdAt : latest), undefined);
  return { count: items.length, owners: owners.size, ...(newest ? { newest } : {}) };
}

export function ${name}CacheKey(ownerId: string, cursor?: string): string {
  return ['${name}', ownerId, cursor ?? 'first'].join(':');
}
`;
}

function tsModule(i: number): Record<string, string> {
  const name = `resource${i}`;
  return {
    [`src/modules/${name}/${name}.routes.ts`]: `import { Router } from 'express';
import { authenticate } from '../../middleware/auth';
import { validate } from '../../middleware/validate';
import { ${name}Service } from './${name}.service';
import { create${i}Schema, update${i}Schema } from './${name}.schema';

export const ${name}Router = Router();

${name}Router.get('/', authenticate, async (req, res, next) => {
  try {
    const limit = Math.min(Number(req.query.limit ?? 20), 100);
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const page = await ${name}Service.list({ limit, cursor, ownerId: req.user.id });
    res.json({ data: page.items, next: page.nextCursor });
  } catch (error) {
    next(error);
  }
});

${name}Router.get('/:id', authenticate, async (req, res, next) => {
  try {
    const item = await ${name}Service.get(req.params.id, req.user.id);
    if (!item) return res.status(404).json({ error: { code: 'not_found', message: '${name} not found' } });
    res.json(item);
  } catch (error) {
    next(error);
  }
});

${name}Router.post('/', authenticate, validate(create${i}Schema), async (req, res, next) => {
  try {
    const created = await ${name}Service.create(req.body, req.user.id);
    res.status(201).json(created);
  } catch (error) {
    next(error);
  }
});

${name}Router.patch('/:id', authenticate, validate(update${i}Schema), async (req, res, next) => {
  try {
    const updated = await ${name}Service.update(req.params.id, req.body, req.user.id);
    res.json(updated);
  } catch (error) {
    next(error);
  }
});

${name}Router.delete('/:id', authenticate, async (req, res, next) => {
  try {
    await ${name}Service.remove(req.params.id, req.user.id);
    res.status(204).end();
  } catch (error) {
    next(error);
  }
});
`,
    [`src/modules/${name}/${name}.service.ts`]: `import { ${name}Repository } from './${name}.repository';
import { logger } from '../../logger';

export interface ListOptions { limit: number; cursor?: string; ownerId: string }

export const ${name}Service = {
  async list(options: ListOptions) {
    const items = await ${name}Repository.findPage(options.ownerId, options.limit + 1, options.cursor);
    const hasMore = items.length > options.limit;
    return { items: items.slice(0, options.limit), nextCursor: hasMore ? items[options.limit - 1]?.id : undefined };
  },
  async get(id: string, ownerId: string) {
    return ${name}Repository.findById(id, ownerId);
  },
  async create(input: { name: string; description?: string }, ownerId: string) {
    const created = await ${name}Repository.insert({ ...input, ownerId });
    logger.info({ id: created.id, ownerId }, '${name} created');
    return created;
  },
  async update(id: string, input: { name?: string; description?: string }, ownerId: string) {
    return ${name}Repository.update(id, ownerId, input);
  },
  async remove(id: string, ownerId: string) {
    await ${name}Repository.delete(id, ownerId);
    logger.info({ id, ownerId }, '${name} removed');
  },
};
`,
    [`src/modules/${name}/${name}.mapper.ts`]: ['', 'Archive', 'Audit', 'Export', 'Summary'].map((suffix) => tsHelpers(name + suffix)).join(''),
    [`src/modules/${name}/${name}.repository.ts`]: `import { pool } from '../../db';

export interface ${name[0]!.toUpperCase() + name.slice(1)}Row { id: string; name: string; description: string | null; owner_id: string; created_at: Date }

export const ${name}Repository = {
  async findPage(ownerId: string, limit: number, cursor?: string) {
    const { rows } = await pool.query(
      'SELECT id, name, description, owner_id, created_at FROM ${name} WHERE owner_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3',
      [ownerId, cursor ?? null, limit],
    );
    return rows;
  },
  async findById(id: string, ownerId: string) {
    const { rows } = await pool.query('SELECT * FROM ${name} WHERE id = $1 AND owner_id = $2', [id, ownerId]);
    return rows[0];
  },
  async insert(values: { name: string; description?: string; ownerId: string }) {
    const { rows } = await pool.query('INSERT INTO ${name} (name, description, owner_id) VALUES ($1, $2, $3) RETURNING *', [values.name, values.description ?? null, values.ownerId]);
    return rows[0];
  },
  async update(id: string, ownerId: string, values: { name?: string; description?: string }) {
    const { rows } = await pool.query('UPDATE ${name} SET name = COALESCE($3, name), description = COALESCE($4, description) WHERE id = $1 AND owner_id = $2 RETURNING *', [id, ownerId, values.name ?? null, values.description ?? null]);
    return rows[0];
  },
  async delete(id: string, ownerId: string) {
    await pool.query('DELETE FROM ${name} WHERE id = $1 AND owner_id = $2', [id, ownerId]);
  },
};
`,
  };
}

function pyModule(i: number): Record<string, string> {
  return {
    [`services/catalog/app/api/routes/items${i}.py`]: `from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from app.api.deps import CurrentUser, SessionDep
from app.models import Item${i}, Item${i}Create, Item${i}Public

router = APIRouter(prefix="/items${i}", tags=["items${i}"])


@router.get("/", response_model=list[Item${i}Public])
def list_items(session: SessionDep, user: CurrentUser, skip: int = 0, limit: Annotated[int, Query(le=100)] = 20):
    return session.query(Item${i}).filter(Item${i}.owner_id == user.id).offset(skip).limit(limit).all()


@router.get("/{item_id}", response_model=Item${i}Public)
def read_item(item_id: int, session: SessionDep, user: CurrentUser):
    item = session.get(Item${i}, item_id)
    if not item or item.owner_id != user.id:
        raise HTTPException(status_code=404, detail="Item not found")
    return item


@router.post("/", response_model=Item${i}Public, status_code=201)
def create_item(body: Item${i}Create, session: SessionDep, user: CurrentUser):
    item = Item${i}(**body.model_dump(), owner_id=user.id)
    session.add(item)
    session.commit()
    session.refresh(item)
    return item
`,
  };
}

function goModule(i: number): Record<string, string> {
  return {
    [`services/inventory/internal/handlers/stock${i}.go`]: `package handlers

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

type Stock${i}Handler struct {
	repo Stock${i}Repository
}

func RegisterStock${i}Routes(rg *gin.RouterGroup, h *Stock${i}Handler) {
	g := rg.Group("/stock${i}")
	g.GET("", h.List)
	g.GET("/:id", h.Get)
	g.POST("", h.Create)
}

func (h *Stock${i}Handler) List(c *gin.Context) {
	limit, err := strconv.Atoi(c.DefaultQuery("limit", "20"))
	if err != nil || limit > 100 {
		limit = 20
	}
	items, err := h.repo.List(c.Request.Context(), limit)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "internal error"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"data": items})
}

func (h *Stock${i}Handler) Get(c *gin.Context) {
	item, err := h.repo.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		c.JSON(http.StatusNotFound, gin.H{"error": "not found"})
		return
	}
	c.JSON(http.StatusOK, item)
}

func (h *Stock${i}Handler) Create(c *gin.Context) {
	var body Stock${i}Input
	if err := c.ShouldBindJSON(&body); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "invalid body"})
		return
	}
	created, err := h.repo.Create(c.Request.Context(), body)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "internal error"})
		return
	}
	c.JSON(http.StatusCreated, created)
}
`,
  };
}

function javaModule(i: number): Record<string, string> {
  return {
    [`services/billing/src/main/java/com/example/billing/web/Invoice${i}Controller.java`]: `package com.example.billing.web;

import jakarta.validation.Valid;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1/invoices${i}")
@PreAuthorize("isAuthenticated()")
public class Invoice${i}Controller {
    private final Invoice${i}Service service;

    public Invoice${i}Controller(Invoice${i}Service service) {
        this.service = service;
    }

    @GetMapping
    public Page<Invoice${i}Dto> list(Pageable pageable) {
        return service.list(pageable);
    }

    @GetMapping("/{id}")
    public Invoice${i}Dto get(@PathVariable Long id) {
        return service.get(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Invoice${i}Dto create(@Valid @RequestBody CreateInvoice${i}Request request) {
        return service.create(request);
    }
}
`,
  };
}

/** A TypeScript service of `modules` resources (4 files each: routes, service, mapper, repository). */
export function syntheticTypeScriptService(modules: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < modules; i++) Object.assign(files, tsModule(i));
  return files;
}

/** A polyglot monorepo of about `files` source files across the four languages. */
export function syntheticMonorepo(files: number): Record<string, string> {
  const result: Record<string, string> = {};
  const perLanguage = Math.ceil(files / 6);
  for (let i = 0; i < Math.ceil(perLanguage / 1); i++) Object.assign(result, tsModule(i));
  for (let i = 0; i < perLanguage; i++) Object.assign(result, pyModule(i), goModule(i), javaModule(i));
  return result;
}
