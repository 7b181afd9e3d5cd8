import { unvalidatedBodyWrite } from '../../src/core/rules/validation-unvalidated-body-write.js';
import { testRule } from './rule-tester.js';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** A gin handler file (modelled on gin + gorm CRUD services) whose Product type is declared elsewhere or below. */
const ginProducts = (productType: string, handler: string[]): string =>
  lines('package handlers', '', 'import (', '\t"net/http"', '', '\t"github.com/gin-gonic/gin"', '\t"gorm.io/gorm"', ')', '', 'type Handler struct {', '\tdb *gorm.DB', '}', '', productType, '', ...handler);

const bindAndCreate = [
  'func (h *Handler) CreateProduct(c *gin.Context) {',
  '\tvar product Product',
  '\tif err := c.ShouldBindJSON(&product); err != nil {',
  '\t\tc.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})',
  '\t\treturn',
  '\t}',
  '\th.db.Create(&product)',
  '\tc.JSON(http.StatusCreated, product)',
  '}',
];

const untaggedProduct = 'type Product struct {\n\tID    uint   `json:"id" gorm:"primaryKey"`\n\tName  string `json:"name"`\n\tPrice int    `json:"price"`\n}';
const taggedProduct = 'type Product struct {\n\tID    uint   `json:"id" gorm:"primaryKey"`\n\tName  string `json:"name" binding:"required,max=200"`\n\tPrice int    `json:"price" binding:"gte=0"`\n}';

/** net/http todo service: the handler decodes into models.Todo, declared in another package of the service. */
const todoHandler = lines(
  'package api',
  '',
  'import (',
  '\t"encoding/json"',
  '\t"net/http"',
  '',
  '\t"example.com/todo/internal/models"',
  '\t"example.com/todo/internal/store"',
  ')',
  '',
  'type Server struct {',
  '\tstore *store.Store',
  '}',
  '',
  'func (s *Server) createTodo(w http.ResponseWriter, r *http.Request) {',
  '\tvar todo models.Todo',
  '\tif err := json.NewDecoder(r.Body).Decode(&todo); err != nil {',
  '\t\thttp.Error(w, "invalid JSON", http.StatusBadRequest)',
  '\t\treturn',
  '\t}',
  '\tcreated, err := s.store.CreateTodo(r.Context(), todo)',
  '\tif err != nil {',
  '\t\thttp.Error(w, "could not save", http.StatusInternalServerError)',
  '\t\treturn',
  '\t}',
  '\tw.WriteHeader(http.StatusCreated)',
  '\t_ = json.NewEncoder(w).Encode(created)',
  '}',
);
const todoModel = (tags: string): string => lines('package models', '', 'import "time"', '', 'type Todo struct {', '\tID        int64     `json:"id"`', `\tTitle     string    \`json:"title"${tags}\``, '\tDone      bool      `json:"done"`', '\tCreatedAt time.Time `json:"created_at"`', '}');

testRule(unvalidatedBodyWrite, {
  valid: [
    { name: 'go gin bind into a struct with binding tags (gin validates them as it binds)', language: 'go', path: 'internal/handlers/products.go', code: ginProducts(taggedProduct, bindAndCreate) },
    {
      name: 'go gin bind into a DTO of another package whose fields carry binding tags',
      language: 'go',
      path: 'internal/handlers/products.go',
      code: ginProducts('', bindAndCreate.map((line) => line.replace('var product Product', 'var product dto.Product'))),
      files: { 'internal/dto/product.go': lines('package dto', '', taggedProduct), 'go.mod': 'module example.com/shop\n' },
    },
    { name: 'go net/http decode then validate.Struct', language: 'go', path: 'internal/api/todos.go', code: todoHandler.replace('\tcreated, err := s.store', '\tif err := validate.Struct(todo); err != nil {\n\t\thttp.Error(w, err.Error(), http.StatusUnprocessableEntity)\n\t\treturn\n\t}\n\tcreated, err := s.store'), files: { 'internal/models/todo.go': todoModel('') } },
    { name: 'go model declared elsewhere with validate tags', language: 'go', path: 'internal/api/todos.go', code: todoHandler, files: { 'internal/models/todo.go': todoModel(' validate:"required,max=120"') } },
    { name: 'go model type the tree does not declare (generated or a dependency): cannot tell', language: 'go', path: 'internal/api/todos.go', code: todoHandler },
    {
      name: 'go echo Bind then c.Validate',
      language: 'go',
      path: 'handler/user.go',
      code: lines('package handler', '', 'type User struct {', '\tName  string `json:"name"`', '\tEmail string `json:"email"`', '}', '', 'func (h *Handler) CreateUser(c echo.Context) error {', '\tu := new(User)', '\tif err := c.Bind(u); err != nil {', '\t\treturn err', '\t}', '\tif err := c.Validate(u); err != nil {', '\t\treturn echo.NewHTTPError(http.StatusBadRequest, err.Error())', '\t}', '\th.DB.Create(u)', '\treturn c.JSON(http.StatusCreated, u)', '}'),
    },
    { name: 'go body handed to a service layer', language: 'go', path: 'internal/handlers/products.go', code: ginProducts(untaggedProduct, bindAndCreate.map((line) => line.replace('h.db.Create(&product)', 'h.productService.Create(c.Request.Context(), &product)'))) },
    { name: 'go fields copied into the model (no mass assignment)', language: 'go', path: 'internal/handlers/products.go', code: ginProducts(untaggedProduct, bindAndCreate.map((line) => line.replace('h.db.Create(&product)', 'h.db.Create(&Product{Name: product.Name, Price: product.Price})'))) },
    { name: 'go chi render.Bind runs the payload\'s own Bind method', language: 'go', path: 'internal/api/articles.go', code: lines('package api', '', 'type ArticleRequest struct {', '\tTitle string `json:"title"`', '}', '', 'func CreateArticle(w http.ResponseWriter, r *http.Request) {', '\tdata := &ArticleRequest{}', '\tif err := render.Bind(r, data); err != nil {', '\t\trender.Render(w, r, ErrInvalidRequest(err))', '\t\treturn', '\t}', '\tdbStore.Insert(data)', '}') },
    { name: 'go unmarshal of a queue message, not a request body', language: 'go', path: 'internal/consumer/orders.go', code: lines('package consumer', '', 'type Order struct {', '\tID string `json:"id"`', '}', '', 'func (c *Consumer) handle(msg *kafka.Message) error {', '\tvar order Order', '\tif err := json.Unmarshal(msg.Value, &order); err != nil {', '\t\treturn err', '\t}', '\treturn c.db.Create(&order).Error', '}') },
    {
      name: 'go gin bind into an inline request struct (it lists the fields a client may set), inserted by a MongoDB collection field',
      language: 'go',
      path: 'internal/handlers/events.go',
      code: lines('package handlers', '', 'func (h *EventHandler) Create(c *gin.Context) {', '\tvar req struct {', '\t\tName  string `json:"name"`', '\t\tStart string `json:"start"`', '\t}', '\tif err := c.BindJSON(&req); err != nil {', '\t\treturn', '\t}', '\tif _, err := h.coll.InsertOne(c, req); err != nil {', '\t\tc.AbortWithStatus(500)', '\t\treturn', '\t}', '\tc.Status(201)', '}'),
    },
    {
      name: 'go gin tutorial: an update DTO without tags (optional fields) applied with gorm Updates',
      language: 'go',
      path: 'controllers/books.go',
      code: lines('package controllers', '', 'type UpdateBookInput struct {', '\tTitle  string `json:"title"`', '\tAuthor string `json:"author"`', '}', '', 'func UpdateBook(c *gin.Context) {', '\tvar book models.Book', '\tif err := models.DB.Where("id = ?", c.Param("id")).First(&book).Error; err != nil {', '\t\tc.JSON(http.StatusBadRequest, gin.H{"error": "Record not found!"})', '\t\treturn', '\t}', '\tvar input UpdateBookInput', '\tif err := c.ShouldBindJSON(&input); err != nil {', '\t\tc.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})', '\t\treturn', '\t}', '\tmodels.DB.Model(&book).Updates(input)', '\tc.JSON(http.StatusOK, gin.H{"data": book})', '}'),
    },
    { name: 'go write on a line the PR does not add', language: 'go', path: 'internal/handlers/products.go', code: ginProducts(untaggedProduct, bindAndCreate), addedLines: [1, 2, 3] },
  ],
  invalid: [
    { name: 'go gin bind into an untagged model, created whole with gorm', language: 'go', path: 'internal/handlers/products.go', code: ginProducts(untaggedProduct, bindAndCreate), errors: [{ messageId: 'rawBodyWrite', line: 26 }] },
    { name: 'go net/http decode into a model of another package with no validation tags', language: 'go', path: 'internal/api/todos.go', code: todoHandler, files: { 'internal/models/todo.go': todoModel('') }, errors: [{ messageId: 'rawBodyWrite', line: 21 }] },
    {
      name: 'go echo Bind into new(User), created with no validation',
      language: 'go',
      path: 'handler/user.go',
      code: lines('package handler', '', 'type User struct {', '\tID    uint   `json:"id"`', '\tName  string `json:"name"`', '\tEmail string `json:"email"`', '\tRole  string `json:"role"`', '}', '', 'func (h *Handler) CreateUser(c echo.Context) error {', '\tu := new(User)', '\tif err := c.Bind(u); err != nil {', '\t\treturn err', '\t}', '\th.DB.Create(u)', '\treturn c.JSON(http.StatusCreated, u)', '}'),
      errors: [{ messageId: 'rawBodyWrite', line: 15 }],
    },
    {
      name: 'go fiber BodyParser into a map inserted into MongoDB',
      language: 'go',
      path: 'routes/notes.go',
      code: lines('package routes', '', 'func CreateNote(c *fiber.Ctx) error {', '\tbody := map[string]interface{}{}', '\tif err := c.BodyParser(&body); err != nil {', '\t\treturn c.Status(400).JSON(fiber.Map{"error": err.Error()})', '\t}', '\tres, err := collection.InsertOne(c.Context(), body)', '\tif err != nil {', '\t\treturn c.Status(500).JSON(fiber.Map{"error": "insert failed"})', '\t}', '\treturn c.Status(201).JSON(res)', '}'),
      errors: [{ messageId: 'rawBodyWrite', line: 8 }],
    },
    {
      name: 'go body read whole, unmarshalled and created through a gorm chain',
      language: 'go',
      path: 'internal/http/accounts.go',
      code: lines('package http', '', 'type Account struct {', '\tID      int64  `json:"id" db:"id"`', '\tOwner   string `json:"owner"`', '\tBalance int64  `json:"balance"`', '}', '', 'func (a *API) createAccount(w http.ResponseWriter, r *http.Request) {', '\traw, err := io.ReadAll(r.Body)', '\tif err != nil {', '\t\thttp.Error(w, "read failed", http.StatusBadRequest)', '\t\treturn', '\t}', '\tvar in Account', '\tif err := json.Unmarshal(raw, &in); err != nil {', '\t\thttp.Error(w, "bad json", http.StatusBadRequest)', '\t\treturn', '\t}', '\ta.db.WithContext(r.Context()).Create(&in)', '\tw.WriteHeader(http.StatusCreated)', '}'),
      errors: [{ messageId: 'rawBodyWrite', line: 20 }],
    },
  ],
});
