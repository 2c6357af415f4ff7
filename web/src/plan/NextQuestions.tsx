import { Card, CardContent, Typography } from "@mui/material";

import { fieldOf, type Answer, type FactSchema, type Plan } from "./plan";
import QuestionInput from "./QuestionInput";

// The planner's next questions, those that decide most first (DESIGN.md §3.4): five at a time,
// each answered by its fact's type.
export default function NextQuestions({
  title,
  hint,
  plan,
  schema,
  promptOf = (question) => question.prompt,
  onAnswer,
}: {
  title: string;
  hint?: string;
  plan: Plan;
  schema: FactSchema;
  promptOf?: (question: Plan["questions"][number]) => string;
  onAnswer: (path: string, value: Answer | undefined) => void;
}) {
  if (plan.questions.length === 0) return null;
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h5" component="h2">
          {title}
        </Typography>
        {hint && <Typography variant="body2">{hint}</Typography>}
        {plan.questions.slice(0, 5).map((question) => (
          <QuestionInput
            key={question.fact}
            fact={question.fact}
            prompt={promptOf(question)}
            field={fieldOf(schema, question.fact)}
            onAnswer={(value) => onAnswer(question.fact, value)}
          />
        ))}
      </CardContent>
    </Card>
  );
}
