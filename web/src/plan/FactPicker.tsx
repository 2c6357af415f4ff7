import { MenuItem, Stack, TextField } from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { fieldOf, type Answer, type FactSchema } from "./plan";
import QuestionInput from "./QuestionInput";

// Any fact the citizen states, not only those the planner asks: whose (the household or a
// member), which fact (by its label), then its value asked by its type.
export default function FactPicker({
  schema,
  members,
  onAnswer,
}: {
  schema: FactSchema;
  members: { id: string; name: string }[];
  onAnswer: (path: string, value: Answer | undefined) => void;
}) {
  const { t } = useTranslation();
  const [scope, setScope] = useState("household");
  const [name, setName] = useState("");
  const fields = Object.entries(scope === "household" ? schema.household : schema.person).filter(
    ([, field]) => !field.derived,
  );
  const path = scope === "household" ? `household.${name}` : `members.${scope}.${name}`;
  const field = name ? fieldOf(schema, path) : undefined;
  return (
    <>
      <Stack direction={{ xs: "column", md: "row" }} spacing={1} sx={{ my: 1 }}>
        <TextField
          select
          label={t("facts.of")}
          value={scope}
          onChange={(event) => {
            setScope(event.target.value);
            setName("");
          }}
          sx={{ minWidth: 220 }}
        >
          <MenuItem value="household">{t("facts.household")}</MenuItem>
          {members.map((member) => (
            <MenuItem key={member.id} value={member.id}>
              {member.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={t("facts.fact")}
          value={name}
          onChange={(event) => setName(event.target.value)}
          sx={{ minWidth: 320 }}
        >
          {fields.map(([id, one]) => (
            <MenuItem key={id} value={id}>
              {one.label}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {field && (
        <QuestionInput
          key={path}
          fact={path}
          prompt={field.question ?? field.label}
          field={field}
          onAnswer={(value) => onAnswer(path, value)}
        />
      )}
    </>
  );
}
