-- An OpenAI-compatible chat-completions endpoint per workspace ("Rewrite in this tone"): OpenAI, a local
-- Ollama or vLLM. The key (optional: local servers need none) is encrypted with the application key.
create table rewrite_endpoints (
  workspace_id uuid primary key references workspaces on delete cascade,
  base_url text not null,
  model text not null,
  api_key_encrypted text,
  updated_at timestamptz not null default now()
);
