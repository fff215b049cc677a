resource "aws_ecr_repository_policy" "team_app" {
  repository = "team/app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "CrossAccountPermission"
        Effect = "Allow"
        Principal = {
          AWS = [
            "arn:aws:iam::222222222222:root",
            "arn:aws:iam::333333333333:root",
            "arn:aws:iam::444444444444:root",
          ]
        }
        Action = [
          "ecr:BatchGetImage",
          "ecr:GetDownloadUrlForLayer",
        ]
      },
      {
        Sid    = "LambdaECRImageCrossAccountRetrievalPolicy"
        Effect = "Allow"
        Principal = {
          Service = "lambda.amazonaws.com"
        }
        Action = [
          "ecr:BatchGetImage",
          "ecr:GetDownloadUrlForLayer",
        ]
        Condition = {
          StringLike = {
            "aws:sourceARN" = [
              "arn:aws:lambda:eu-west-1:222222222222:function:api",
              "arn:aws:lambda:eu-west-1:222222222222:function:api:*",
              "arn:aws:lambda:eu-west-1:222222222222:function:worker",
              "arn:aws:lambda:eu-west-1:222222222222:function:worker:*",
              "arn:aws:lambda:eu-west-1:333333333333:function:api",
              "arn:aws:lambda:eu-west-1:333333333333:function:api:*",
              "arn:aws:lambda:eu-west-1:333333333333:function:worker",
              "arn:aws:lambda:eu-west-1:333333333333:function:worker:*",
              "arn:aws:lambda:eu-west-1:444444444444:function:api",
              "arn:aws:lambda:eu-west-1:444444444444:function:api:*",
              "arn:aws:lambda:eu-west-1:444444444444:function:worker",
              "arn:aws:lambda:eu-west-1:444444444444:function:worker:*",
            ]
          }
        }
      },
    ]
  })
}
