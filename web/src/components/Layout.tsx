import {
  AppBar,
  Box,
  Button,
  Container,
  Link,
  ToggleButton,
  ToggleButtonGroup,
  Toolbar,
  Typography,
} from "@mui/material";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate } from "react-router";

import { useAuth } from "../auth";

export default function Layout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { user, logOut } = useAuth();
  const navigate = useNavigate();
  return (
    <>
      <Link
        href="#main"
        sx={{ position: "absolute", left: -10000, "&:focus": { left: 8, top: 8, zIndex: 2000 } }}
      >
        {t("app.skipToContent")}
      </Link>
      <AppBar position="static" component="header">
        <Toolbar sx={{ gap: 2, flexWrap: "wrap" }}>
          <Typography
            variant="h6"
            component={RouterLink}
            to="/"
            sx={{ color: "inherit", textDecoration: "none" }}
          >
            {t("app.title")}
          </Typography>
          <Box component="nav" aria-label={t("app.title")} sx={{ display: "flex", gap: 1, flexGrow: 1 }}>
            <Button color="inherit" component={RouterLink} to="/screener">
              {t("nav.screener")}
            </Button>
            <Button color="inherit" component={RouterLink} to="/catalog">
              {t("nav.catalog")}
            </Button>
            {user && ["case_manager", "methodologist", "analyst"].includes(user.role) && (
              <Button color="inherit" component={RouterLink} to="/dashboard">
                {t("nav.dashboard")}
              </Button>
            )}
            {user?.role === "agency_worker" && (
              <Button color="inherit" component={RouterLink} to="/inbox">
                {t("nav.inbox")}
              </Button>
            )}
            {user && (user.role === "operator" || user.role === "case_manager") && (
              <>
                <Button color="inherit" component={RouterLink} to="/workstation">
                  {t("nav.workstation")}
                </Button>
                <Button color="inherit" component={RouterLink} to="/queues">
                  {t("nav.queues")}
                </Button>
              </>
            )}
            {user?.role === "citizen" && (
              <Button color="inherit" component={RouterLink} to="/my">
                {t("nav.myCases")}
              </Button>
            )}
          </Box>
          <ToggleButtonGroup
            size="small"
            exclusive
            value={i18n.language}
            aria-label={t("nav.language")}
            onChange={(_, language) => language && void i18n.changeLanguage(language)}
            sx={{ bgcolor: "background.paper" }}
          >
            <ToggleButton value="ru" lang="ru" aria-label="RU, Русский">
              RU
            </ToggleButton>
            <ToggleButton value="en" lang="en" aria-label="EN, English">
              EN
            </ToggleButton>
          </ToggleButtonGroup>
          {user ? (
            <>
              <Typography variant="body2">
                {t("login.signedInAs", { name: user.name || user.login })}
              </Typography>
              <Button
                color="inherit"
                variant="outlined"
                onClick={() => void logOut().then(() => navigate("/"))}
              >
                {t("nav.logout")}
              </Button>
            </>
          ) : (
            <Button color="inherit" variant="outlined" component={RouterLink} to="/login">
              {t("nav.login")}
            </Button>
          )}
        </Toolbar>
      </AppBar>
      <Container component="main" id="main" tabIndex={-1} sx={{ py: 3 }}>
        {children}
      </Container>
    </>
  );
}
