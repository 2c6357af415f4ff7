import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Built into web/dist, which `okno serve` serves on its own port. In development (npm run dev)
// the API is the local server's.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 2048 },
  server: { proxy: { "/api": "http://127.0.0.1:8080", "/healthz": "http://127.0.0.1:8080" } },
});
