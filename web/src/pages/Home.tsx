import { Button, Card, CardActions, CardContent, Stack, Typography } from "@mui/material";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

export default function Home() {
  const { t } = useTranslation();
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
