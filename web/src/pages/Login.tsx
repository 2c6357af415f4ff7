import { Alert, Box, Button, Stack, TextField, Typography } from "@mui/material";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";

import { startPageOf, useAuth } from "../auth";

export default function Login() {
  const { t } = useTranslation();
  const { logIn } = useAuth();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  // Where the user was going before she was asked to log in: a path of this app only.
  const next = search.get("next");
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [refused, setRefused] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRefused(false);
    try {
      const user = await logIn(login, password);
      navigate(next?.startsWith("/") && !next.startsWith("//") ? next : startPageOf(user.role));
    } catch {
      setRefused(true);
    }
  }

  return (
    <Box component="form" onSubmit={submit} sx={{ maxWidth: 420 }}>
      <Stack spacing={2}>
        <Typography variant="h4" component="h1">
          {t("login.title")}
        </Typography>
        {refused && <Alert severity="error">{t("login.refused")}</Alert>}
        <TextField
          label={t("login.login")}
          value={login}
          onChange={(event) => setLogin(event.target.value)}
          autoComplete="username"
          required
        />
        <TextField
          label={t("login.password")}
          type="password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          autoComplete="current-password"
          required
        />
        <Button type="submit" variant="contained">
          {t("login.submit")}
        </Button>
      </Stack>
    </Box>
  );
}
