import { Button, Card, CardContent, Stack, Typography } from "@mui/material";
import { useTranslation } from "react-i18next";

import { factWords } from "../catalog/forms";
import { fieldOf, type Answer, type FactSchema, type Plan } from "./plan";

// The facts the narrative suggests (DESIGN.md §4.4 `suggested_facts`), each with the words that
// said it, for the person to confirm: a confirmed one becomes an answer like any other. Until
// then the plan counts it only for needs, never for what a service decides.
export default function SuggestedFacts({
  plan,
  schema,
  memberName,
  onAnswer,
}: {
  plan: Plan;
  schema: FactSchema;
  memberName: (id: string) => string;
  onAnswer: (path: string, value: Answer | undefined) => void;
}) {
  const { t } = useTranslation();
  const suggested = plan.suggested_facts ?? [];
  if (suggested.length === 0) return null;
  const words = factWords(schema, t, memberName);
  return (
    <Card variant="outlined" data-testid="suggested-facts">
      <CardContent>
        <Typography variant="h5" component="h2">
          {t("suggested.title")}
        </Typography>
        <Typography variant="body2">{t("suggested.hint")}</Typography>
        {suggested.map((fact) => {
          const shown = `${words.name(fact.fact)}: ${words.value(fact.fact, fact.value)}`;
          // A list fact is confirmed as the list of its one suggested value.
          const list = fieldOf(schema, fact.fact)?.type.startsWith("list") ?? false;
          const value = list ? [fact.value as string] : fact.value;
          return (
            <Stack
              key={fact.fact}
              direction="row"
              spacing={2}
              sx={{ alignItems: "center", my: 1 }}
              data-suggested={fact.fact}
            >
              <Typography sx={{ flex: 1 }}>
                {shown} — {t("plan.fromWords", { words: fact.words })}
              </Typography>
              <Button
                size="small"
                variant="outlined"
                aria-label={t("suggested.confirmFact", { fact: shown })}
                onClick={() => onAnswer(fact.fact, value)}
              >
                {t("suggested.confirm")}
              </Button>
            </Stack>
          );
        })}
      </CardContent>
    </Card>
  );
}
