import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { api } from "../api/client";
import RuleWords, { type RuleNode } from "../catalog/RuleWords";

interface ServiceBrief {
  id: string;
  title: string;
  agency: string;
  agency_title?: string;
  needs: string[];
}

interface ServiceDetail extends Omit<ServiceBrief, "needs"> {
  description: string;
  needs: { id: string; title: string }[];
  legal_basis: { citation: string; status: string; source: string };
  documents: { id: string; title: string; source: string; from_agency?: string }[];
  rules: {
    expression: string;
    words: RuleNode;
    approximate: boolean;
    valid_from?: string;
    valid_to?: string;
    facts: { path: string; label: string }[];
  }[];
}

export default function Catalog() {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<{ total: number; services: ServiceBrief[] } | null>(null);
  const [open, setOpen] = useState<ServiceDetail | null>(null);
  const [error, setError] = useState("");

  // Search as the user types, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => {
      api<{ total: number; services: ServiceBrief[] }>("GET", "/api/v1/catalog/services", {
        query: { q: query, lang: i18n.language, limit: "50" },
      })
        .then(setFound)
        .catch((failure: Error) => setError(failure.message));
    }, 200);
    return () => clearTimeout(timer);
  }, [query, i18n.language]);

  async function show(id: string) {
    setOpen(
      await api<ServiceDetail>("GET", "/api/v1/catalog/services/{id}", {
        params: { id },
        query: { lang: i18n.language },
      }),
    );
  }

  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        {t("catalog.title")}
      </Typography>
      <TextField
        label={t("catalog.search")}
        helperText={t("catalog.searchHint")}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        type="search"
      />
      {error && <Alert severity="error">{error}</Alert>}
      {found && <Typography role="status">{t("catalog.found", { count: found.total })}</Typography>}
      {found && found.services.length === 0 && <Typography>{t("catalog.none")}</Typography>}
      <List aria-label={t("catalog.title")}>
        {found?.services.map((service) => (
          <ListItem key={service.id} disablePadding>
            <ListItemButton onClick={() => void show(service.id)}>
              <ListItemText primary={service.title} secondary={service.agency_title} />
            </ListItemButton>
          </ListItem>
        ))}
      </List>
      <Dialog open={open !== null} onClose={() => setOpen(null)} maxWidth="md" fullWidth>
        {open && (
          <>
            <DialogTitle>{open.title}</DialogTitle>
            <DialogContent tabIndex={0}>
              <Stack spacing={2}>
                <Typography>{open.description}</Typography>
                <Box>
                  <Typography variant="h6" component="h2">
                    {t("catalog.agency")}
                  </Typography>
                  <Typography>{open.agency_title}</Typography>
                </Box>
                <Box>
                  <Typography variant="h6" component="h2">
                    {t("catalog.needs")}
                  </Typography>
                  <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap" }}>
                    {open.needs.map((need) => (
                      <Chip key={need.id} label={need.title} />
                    ))}
                  </Stack>
                </Box>
                <Box>
                  <Typography variant="h6" component="h2">
                    {t("catalog.documents")}
                  </Typography>
                  <ul>
                    {open.documents.map((document) => (
                      <li key={document.id}>
                        {document.title} —{" "}
                        {document.source === "interagency"
                          ? t("catalog.interagency")
                          : t("catalog.fromCitizen")}
                      </li>
                    ))}
                  </ul>
                </Box>
                <Box>
                  <Typography variant="h6" component="h2">
                    {t("catalog.legalBasis")}
                  </Typography>
                  <Typography>{open.legal_basis.citation}</Typography>
                </Box>
                {open.rules.map((rule) => (
                  <Box key={rule.expression}>
                    <Typography variant="h6" component="h2">
                      {t("catalog.rule")}
                      {rule.valid_from
                        ? ` (${rule.valid_from}${rule.valid_to ? ` — ${rule.valid_to}` : ""})`
                        : ""}
                    </Typography>
                    {rule.approximate && <Alert severity="warning">{t("catalog.approximate")}</Alert>}
                    <Box data-testid="rule-words">
                      <RuleWords node={rule.words} />
                    </Box>
                    <Accordion disableGutters variant="outlined">
                      <AccordionSummary>
                        <Typography>{t("catalog.ruleCode")}</Typography>
                      </AccordionSummary>
                      <AccordionDetails>
                        <Box component="pre" sx={{ whiteSpace: "pre-wrap", bgcolor: "grey.100", p: 1, m: 0 }}>
                          {rule.expression}
                        </Box>
                      </AccordionDetails>
                    </Accordion>
                    <Typography variant="body2">
                      {t("catalog.ruleFacts")}: {rule.facts.map((fact) => fact.label || fact.path).join(", ")}
                    </Typography>
                  </Box>
                ))}
              </Stack>
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setOpen(null)}>{t("catalog.close")}</Button>
            </DialogActions>
          </>
        )}
      </Dialog>
    </Stack>
  );
}
