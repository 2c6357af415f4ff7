import { Button, Card, CardActions, CardContent, Stack, Typography } from "@mui/material";
import { useTranslation } from "react-i18next";
import { Navigate, Link as RouterLink } from "react-router";

import { startPageOf, useAuth } from "../auth";

// The front door: a visitor chooses between the screener and logging in; someone logged in goes
// straight to the view of her role (after `make run`, an operator's is the workstation).
export default function Home() {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (user && startPageOf(user.role) !== "/") return <Navigate to={startPageOf(user.role)} replace />;
  return (
    <Stack spacing={3}>
      <Typography variant="h4" component="h1">
        {t("app.tagline")}
      </Typography>
      <Typography>{t("home.intro")}</Typography>
      <Stack direction={{ xs: "column", md: "row" }} spacing={2}>
        <Card sx={{ flex: 1 }}>
          <CardContent>
            <Typography>{t("home.citizen")}</Typography>
          </CardContent>
          <CardActions>
            <Button variant="contained" component={RouterLink} to="/screener">
              {t("nav.screener")}
            </Button>
          </CardActions>
        </Card>
        <Card sx={{ flex: 1 }}>
          <CardContent>
            <Typography>{t("home.staff")}</Typography>
          </CardContent>
          <CardActions>
            <Button variant="contained" component={RouterLink} to="/login">
              {t("nav.login")}
            </Button>
          </CardActions>
        </Card>
      </Stack>
    </Stack>
  );
}
